"""Run every check over an inventory and collect the findings."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from fleet.compile.config import CompiledTarget, compile_inventory
from fleet.compile.select import select
from fleet.findings import Finding, Pos, error, info, sort_findings, warning
from fleet.model import Inventory, Pack
from fleet.osquery.platforms import ALL, matches
from fleet.schema import Schema
from fleet.validate.queries import check_packs
from fleet.validate.sql import SqlChecker, SqlVerdict
from fleet.validate.targets import check_targets


@dataclass(slots=True)
class Report:
    inventory: Inventory
    findings: list[Finding]
    compiled: dict[str, CompiledTarget] = field(default_factory=dict)
    schema: Schema | None = None


def validate_inventory(
    inventory: Inventory,
    schema: Schema | None,
    compiled: dict[str, CompiledTarget] | None = None,
) -> Report:
    """All findings for the inventory; ``compiled`` is computed when not given."""
    if compiled is None:
        compiled = compile_inventory(inventory)
    findings = list(inventory.findings)
    findings.extend(check_packs(inventory))
    findings.extend(check_targets(inventory, compiled))
    findings.extend(_check_sql(inventory, schema))
    if schema is None:
        findings.append(
            info(
                "schema-missing",
                inventory.at("schema")
                if inventory.schema
                else Pos(inventory.root_file, 1, 1, ""),
                "no osquery schema given: SQL syntax was checked, tables, columns and "
                "platforms were not",
                "pass --schema FILE, set schema: in fleet.yml, or run "
                "'fleet schema fetch VERSION'",
            )
        )
    return Report(inventory, sort_findings(findings), compiled, schema)


def _deployed_platforms(
    inventory: Inventory,
) -> dict[tuple[str, str], dict[str, set[str]]]:
    """For each (pack, query): the targets it is compiled into, with their platforms."""
    out: dict[tuple[str, str], dict[str, set[str]]] = {}
    for target in inventory.targets.values():
        for chosen in select(inventory, target):
            for query in chosen.queries:
                out.setdefault((chosen.pack.name, query.name), {})[target.name] = set(
                    target.platforms
                )
    return out


def _check_sql(inventory: Inventory, schema: Schema | None) -> Iterator[Finding]:
    checker = SqlChecker(schema)
    deployed = _deployed_platforms(inventory)
    for pack in inventory.packs.values():
        discovery = [checker.check(sql, "discovery query") for sql in pack.discovery]
        for verdict in discovery:
            yield from verdict.findings
        yield from _exclusive_discovery(pack, discovery)
        for query in pack.queries.values():
            verdict = checker.check(query.sql)
            yield from verdict.findings
            declared = matches(pack.platform) & matches(query.platform)
            targets = deployed.get((pack.name, query.name), {})
            yield from _platform_inference(
                verdict,
                declared,
                targets,
                query.at("platform") if query.platform else query.pos,
                matches(pack.platform),
            )
    for target in inventory.targets.values():
        decorators = target.decorators
        for sql in [
            *decorators.load,
            *decorators.always,
            *(s for group in decorators.interval.values() for s in group),
        ]:
            verdict = checker.check(sql, "decorator")
            yield from verdict.findings
            yield from _platform_inference(
                verdict, ALL, {target.name: set(target.platforms)}, sql.pos
            )


def platform_word(platforms: frozenset[str]) -> str:
    """How to write a set of build platforms as an osquery platform string."""
    if platforms == {"darwin", "linux"}:
        return "posix"
    return ",".join(sorted(platforms))


# Package tables that only one family of Linux distributions fills.
PACKAGE_FAMILIES = {
    "deb_packages": "Debian",
    "apt_sources": "Debian",
    "rpm_packages": "Red Hat",
    "rpm_package_files": "Red Hat",
    "yum_sources": "Red Hat",
    "portage_packages": "Gentoo",
    "portage_use": "Gentoo",
    "portage_keywords": "Gentoo",
}


def _exclusive_discovery(pack: Pack, verdicts: list[SqlVerdict]) -> Iterator[Finding]:
    """K16: discovery queries are AND-ed; two that cannot both return rows mean the
    pack never runs."""
    seen: list[tuple[int, str]] = []
    for i, verdict in enumerate(verdicts):
        families = {
            PACKAGE_FAMILIES[t] for t in verdict.tables if t in PACKAGE_FAMILIES
        }
        if len(families) == 1:
            seen.append((i, families.pop()))
    for (i, first), (j, second) in itertools.pairwise(seen):
        if first != second:
            yield warning(
                "discovery-exclusive",
                pack.discovery[j].pos,
                f"discovery queries {i + 1} and {j + 1} read {first} and {second} "
                "package tables; all discovery queries must return rows, so on a "
                "normal "
                "host one is empty and the pack never runs",
                "write one discovery query (a UNION of both) or check a process "
                "instead",
            )
            return
    platforms = [v.platforms for v in verdicts if v.platforms is not None]
    for a in range(len(platforms)):
        for b in range(a + 1, len(platforms)):
            if platforms[a] and platforms[b] and not platforms[a] & platforms[b]:
                yield warning(
                    "discovery-exclusive",
                    pack.discovery[b].pos,
                    "two discovery queries read tables of different platforms; both "
                    "must return rows, so the pack never runs",
                    "write one discovery query with UNION",
                )
                return


def _platform_inference(
    verdict: SqlVerdict,
    declared: frozenset[str],
    targets: dict[str, set[str]],
    pos: Pos,
    pack_platforms: frozenset[str] = ALL,
) -> Iterator[Finding]:
    inferred = verdict.platforms
    if inferred is None:
        return
    if not inferred:
        return  # the SQL checker reports tables that share no platform
    where = set(declared)
    if targets:
        where &= set().union(*targets.values())
    missing = sorted(where - inferred)
    if not missing:
        return
    tables = ", ".join(sorted(verdict.tables))
    into = ""
    if targets:
        hit = sorted(t for t, ps in targets.items() if ps & set(missing))
        into = f" in target {', '.join(repr(t) for t in hit)}"
    yield error(
        "platform-mismatch",
        pos,
        f"it would run on {', '.join(missing)}{into}, but {tables} "
        f"exist{'s' if len(verdict.tables) == 1 else ''} only on "
        f"{', '.join(sorted(inferred))}",
        _mismatch_hint(inferred, pack_platforms),
    )


def _mismatch_hint(inferred: frozenset[str], pack_platforms: frozenset[str]) -> str:
    """Narrow the query's platform, unless its pack never runs where its tables
    exist: then the query belongs in a pack for those platforms."""
    if inferred == ALL:
        return ""
    word = platform_word(inferred)
    if not inferred & pack_platforms:
        return (
            f"move the query into a pack for {word}: its pack runs only on "
            f"{', '.join(sorted(pack_platforms))}, so platform: {word} would never run"
        )
    return f"set platform: {word}"
