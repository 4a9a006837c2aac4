"""osquery's own view: does osqueryd run what the files say?

Read from ``osqueryi --connect`` on the host or from a results export. The files
can be right while osqueryd runs something else: a config it has not reloaded (its
``config_hash``), a pack whose platform, version, shard or discovery failed
(``osquery_packs.active = 0``), a query the watchdog denylisted. A query is
expected in ``osquery_schedule`` when its pack is active and it can run on this
host: its platform matches, it has no shard below 100 (the host's shard is not
known) and no version above the host's osquery.
"""

from __future__ import annotations

from collections.abc import Iterator

from fleet.compile.config import CompiledTarget
from fleet.drift.codes import finding
from fleet.drift.desired import Desired, show
from fleet.drift.model import Deployed, DriftFinding, OsqueryView
from fleet.drift.plan import CONFIG, ReadPlan
from fleet.drift.secrets import redact
from fleet.findings import Severity
from fleet.osquery.confighash import config_hash
from fleet.osquery.names import full_name
from fleet.osquery.platforms import matches
from fleet.osquery.sqltext import normalise_sql
from fleet.osquery.version import older


def check_version(desired: Desired, deployed: Deployed) -> Iterator[DriftFinding]:
    want = desired.osquery_version
    if not want:
        return
    view = deployed.osquery
    have = (view.info or {}).get("version", "") if view else ""
    have = have or deployed.package_version
    if not have:
        yield finding(
            "osquery-version-unknown",
            "osquery",
            "osquery version",
            f"the osquery version could not be read; the inventory needs "
            f"{want} or later",
            desired=want,
        )
    elif older(have, want):
        yield finding(
            "osquery-outdated",
            "osquery",
            "osquery version",
            f"osquery {have} is older than the inventory's osquery_version {want}",
            desired=want,
            deployed=have,
        )


def _hash(
    desired: Desired,
    plan: ReadPlan,
    deployed: Deployed,
    reported: str,
    config_findings: bool,
) -> Iterator[DriftFinding]:
    compiled = desired.compiled.config_hash
    if not reported or reported == compiled:
        return
    conf = next((m for m in plan.files if m.role == CONFIG), None)
    state = deployed.files.get(conf.path) if conf else None
    on_disk = (
        config_hash({"osquery.conf": state.content}) if state and state.content else ""
    )
    severity = None
    if reported == on_disk:
        hint = "osqueryd runs the osquery.conf on the host"
        severity = None if config_findings else Severity.INFO
    elif not deployed.files_read:
        hint = "osqueryd runs another config than the inventory's"
    else:
        hint = (
            "osqueryd has not loaded the osquery.conf the inventory deploys: restart "
            "it, or wait for config_refresh"
        )
    yield finding(
        "config-hash",
        "osquery",
        "osquery_info.config_hash",
        f"osqueryd reports config_hash {reported}, the compiled osquery.conf "
        f"hashes to {compiled}",
        desired=compiled,
        deployed=reported,
        hint=hint,
        severity=severity,
    )


def expected_queries(
    compiled: CompiledTarget,
    platform: str,
    version: str,
    delimiter: str,
    active: set[str],
) -> dict[str, tuple[str, dict[str, object]]]:
    """Full name -> (pack, query object) for the queries osqueryd should schedule."""
    out: dict[str, tuple[str, dict[str, object]]] = {}
    for pack_name, pack in compiled.packs.items():
        if pack_name not in active:
            continue
        queries = pack.get("queries")
        for name, query in queries.items() if isinstance(queries, dict) else []:
            wanted = query.get("platform")
            platform_ok = platform in matches(
                wanted if isinstance(wanted, str) else None
            )
            shard = query.get("shard")
            shard_ok = not isinstance(shard, int) or shard == 0 or shard >= 100
            need = query.get("version")
            version_ok = not (
                isinstance(need, str) and version and older(version, need)
            )
            if platform_ok and shard_ok and version_ok:
                out[full_name(pack_name, name, delimiter)] = (pack_name, query)
    return out


def _delimiter(desired: Desired) -> str:
    options = desired.compiled.config.get("options")
    if isinstance(options, dict) and isinstance(options.get("pack_delimiter"), str):
        return str(options["pack_delimiter"])
    return desired.pack_delimiter


def _packs(desired: Desired, view: OsqueryView) -> Iterator[DriftFinding]:
    assert view.packs is not None
    for name, pack in sorted(desired.compiled.packs.items()):
        row = view.packs.get(name)
        if row is None:
            yield finding(
                "pack-not-loaded",
                "pack",
                f"pack {name}",
                f"pack {name} is not in osquery_packs: osqueryd has not loaded it",
                desired=name,
            )
        elif row.get("active") == "0":
            limits = {
                k: pack[k]
                for k in ("platform", "version", "shard", "discovery")
                if k in pack
            }
            yield finding(
                "pack-inactive",
                "pack",
                f"pack {name}",
                f"pack {name} is inactive (osquery_packs.active = 0): its "
                "platform, version, shard or discovery did not pass, none of "
                f"its queries run; its limits: {show(limits)}",
                desired="1",
                deployed="0",
            )
    for name in sorted(set(view.packs) - set(desired.compiled.packs) - {"main"}):
        yield finding(
            "pack-unexpected-loaded",
            "pack",
            f"pack {name}",
            f"osquery_packs lists pack {name}, which the inventory does not have",
            deployed=name,
        )


def _schedule(
    desired: Desired, platform: str, version: str, view: OsqueryView
) -> Iterator[DriftFinding]:
    assert view.schedule is not None
    packs = view.packs
    active = {
        n
        for n in desired.compiled.packs
        if packs is None or (packs.get(n) or {}).get("active") == "1"
    }
    delimiter = _delimiter(desired)
    expected = expected_queries(desired.compiled, platform, version, delimiter, active)
    everything = expected_queries(
        desired.compiled, platform, "", delimiter, set(desired.compiled.packs)
    )
    for name, (_pack, query) in sorted(expected.items()):
        row = view.schedule.get(name)
        if row is None:
            yield finding(
                "query-not-scheduled",
                "query",
                name,
                f"{name} is not in osquery_schedule: it does not run",
                desired=name,
            )
            continue
        if row.get("denylisted") == "1":
            yield finding(
                "query-denylisted",
                "query",
                name,
                f"{name} is denylisted by the watchdog "
                "(osquery_schedule.denylisted = 1): it does not run",
                desired="0",
                deployed="1",
                hint="see why it exceeded the watchdog limits; set "
                "denylist: false only if it must always run",
            )
        want_sql, have_sql = (
            normalise_sql(str(query.get("query", ""))),
            normalise_sql(row.get("query", "")) if "query" in row else None,
        )
        if have_sql is not None and want_sql != have_sql:
            yield finding(
                "query-schedule-differs",
                "query field",
                f"{name} query",
                f"{name}: osqueryd runs other SQL than the inventory's",
                desired=want_sql,
                deployed=have_sql,
            )
        interval = query.get("interval")
        if isinstance(interval, int) and row.get("interval") not in (
            None,
            str(interval),
        ):
            yield finding(
                "query-schedule-differs",
                "query field",
                f"{name} interval",
                f"{name}: osqueryd runs it every {row.get('interval')} s, "
                f"desired {interval}",
                desired=interval,
                deployed=row.get("interval"),
            )
    for name in sorted(set(view.schedule) - set(everything)):
        yield finding(
            "query-unexpected-scheduled",
            "query",
            name,
            f"osquery_schedule has {name}, which the inventory does not",
            deployed=name,
        )


def _flags(
    desired: Desired, platform: str, view: OsqueryView
) -> Iterator[DriftFinding]:
    assert view.flags is not None
    want: dict[str, str] = {}
    options = desired.compiled.config.get("options")
    for name, value in options.items() if isinstance(options, dict) else []:
        want[name] = str(value).lower() if isinstance(value, bool) else str(value)
    for line in desired.compiled.flag_lines.get(platform, []):
        name, _, value = line[2:].partition("=")
        want[name] = value
    for name, value in sorted(want.items()):
        have = view.flags.get(name)
        if have is not None and have.strip() != value.strip():
            yield finding(
                "flag-not-applied",
                "flag",
                f"flag {name}",
                f"osquery_flags shows {name} = {show(redact(name, have))}, "
                f"the inventory sets {show(redact(name, value))}",
                desired=redact(name, value),
                deployed=redact(name, have),
            )


def check_view(
    desired: Desired, plan: ReadPlan, deployed: Deployed, config_findings: bool
) -> Iterator[DriftFinding]:
    yield from check_version(desired, deployed)
    for note in deployed.notes:
        yield finding("view-not-read", "osquery", "osquery view", note)
    view = deployed.osquery
    if view is None:
        return
    info = view.info or {}
    version = info.get("version", "") or deployed.package_version
    yield from _hash(
        desired, plan, deployed, info.get("config_hash", ""), config_findings
    )
    if info.get("config_valid") == "0":
        yield finding(
            "config-invalid",
            "osquery",
            "osquery_info.config_valid",
            "osqueryd reports its config as invalid (config_valid = 0)",
            desired="1",
            deployed="0",
        )
    if view.packs is not None:
        yield from _packs(desired, view)
    if view.schedule is not None:
        yield from _schedule(desired, deployed.platform, version, view)
    if view.flags is not None:
        yield from _flags(desired, deployed.platform, view)
