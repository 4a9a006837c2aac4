"""Lay an import out as inventory files: ``fleet.yml``, pack files, group runbooks.

A new inventory gets ``fleet.yml`` with one target, ``imported``, selecting every
pack (none, ``packs: []``, when only settings were found). When the output already
holds an inventory, its ``fleet.yml`` is never touched: the imported target goes to
``fleet.imported.yml`` for a person to merge, selecting the imported packs alone
(``group:NAME`` for a new group, pack names in a group that existed), never ``*``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fleet.findings import Finding, Pos, info
from fleet.importers.model import ImportResult, PackDraft, SettingsDraft
from fleet.importers.yamlout import Flow, Quoted, dump
from fleet.load.rootfile import PASSTHROUGH_KEYS
from fleet.model import PLATFORMS
from fleet.osquery.platforms import matches

VERSION = "0.1.0"
TARGET = "imported"
ROOT_FILE = "fleet.yml"
SIDE_FILE = "fleet.imported.yml"
HEADER = "# Imported by fleet import from {source}\n"
NO_PACKS = (
    b"# packs\n\nThe import found settings but no queries. Add packs as\n"
    b"packs/<group>/<pack>.yml, each group with a README.md runbook, and select\n"
    b"them in the target's `packs:` (`['*']` selects every pack).\n"
)


def inventory_files(
    result: ImportResult,
    existing_inventory: bool,
    existing_readmes: set[str],
    existing_groups: set[str],
) -> tuple[dict[str, bytes], list[Finding]]:
    """Every file to write (relative POSIX path to bytes), and notes about them."""
    files: dict[str, bytes] = {}
    notes: list[Finding] = []
    for pack in result.packs:
        files[f"packs/{pack.group}/{pack.name}.yml"] = pack_file(pack)
    by_group: dict[str, list[PackDraft]] = defaultdict(list)
    for pack in result.packs:
        by_group[pack.group].append(pack)
    for group, packs in sorted(by_group.items()):
        readme = f"packs/{group}/README.md"
        if readme in existing_readmes:
            notes.append(
                info(
                    "import-existing",
                    Pos(readme, 1, 1, ""),
                    f"the runbook of group `{group}` exists and is kept; add the "
                    "imported packs to it",
                )
            )
        else:
            files[readme] = runbook(group, packs)
    root = root_document(result)
    if not existing_inventory:
        files[ROOT_FILE] = dump(root)
        if not result.packs:
            files["packs/README.md"] = NO_PACKS
    elif result.settings:
        if result.packs:
            root["targets"][TARGET]["packs"] = Flow(
                imported_selectors(result.packs, existing_groups)
            )
        files[SIDE_FILE] = dump(
            {"targets": root["targets"]},
            header=(
                "# Target settings imported by fleet import. fleet.yml exists and is\n"
                "# never overwritten: merge what you need into a target by hand.\n"
            ),
        )
        notes.append(
            info(
                "import-existing",
                Pos(SIDE_FILE, 1, 1, ""),
                f"the imported target settings are in {SIDE_FILE}: fleet.yml is "
                "never overwritten",
            )
        )
    return files, notes


def imported_selectors(packs: list[PackDraft], existing_groups: set[str]) -> list[str]:
    """Selectors that take in the imported packs and nothing the inventory had."""
    groups = sorted({p.group for p in packs} - existing_groups)
    names = sorted(p.name for p in packs if p.group in existing_groups)
    return [f"group:{g}" for g in groups] + names


def root_document(result: ImportResult) -> dict[str, Any]:
    root: dict[str, Any] = {"version": Quoted(VERSION)}
    delimiter = _pack_delimiter(result.settings)
    if delimiter is not None:
        root["pack_delimiter"] = Quoted(delimiter)
    root["targets"] = {TARGET: target_document(result)}
    return root


def target_document(result: ImportResult) -> dict[str, Any]:
    settings = result.settings
    target: dict[str, Any] = {
        "description": "Imported by fleet import",
        "platforms": Flow(platforms(result.packs)),
    }
    # Settings alone select no pack yet: '*' would select nothing, which
    # validation rightly rejects, and a pack mode would be moot.
    if result.packs:
        target["packs"] = Flow(["*"])
        target["pack_mode"] = "inline"
    else:
        target["packs"] = Flow([])
    for key, values in (("options", settings.options), ("flags", settings.flags)):
        if values:
            target[key] = {name: s.value for name, s in values.items()}
    if settings.decorators:
        target["decorators"] = _decorators(settings.decorators)
    if settings.file_paths:
        target["file_paths"] = settings.file_paths
    if settings.exclude_paths:
        target["exclude_paths"] = settings.exclude_paths
    if settings.file_accesses:
        target["file_accesses"] = settings.file_accesses
    for key in sorted(PASSTHROUGH_KEYS & settings.extra.keys()):
        target[key] = settings.extra[key].value
    return target


def platforms(packs: list[PackDraft]) -> list[str]:
    """Where the imported queries can run; all three when nothing narrows them."""
    found: set[str] = set()
    for pack in packs:
        pack_platforms = matches(_text(pack.fields.get("platform")))
        for query in pack.queries.values():
            found |= pack_platforms & matches(_text(query.fields.get("platform")))
    return [p for p in PLATFORMS if p in found] or list(PLATFORMS)


def pack_file(pack: PackDraft) -> bytes:
    data: dict[str, Any] = {}
    for key, value in pack.ordered().items():
        data[key] = _shaped(key, value)
    data["queries"] = {
        name: {key: _shaped(key, value) for key, value in query.ordered().items()}
        for name, query in pack.queries.items()
    }
    return dump(data, header=HEADER.format(source=pack.source))


def runbook(group: str, packs: list[PackDraft]) -> bytes:
    lines = [
        f"# {group}",
        "",
        "Imported by `fleet import`. This runbook is a stub: for each pack, write what",
        "its queries detect, why it matters, and what to do when one returns rows.",
        "",
        "| pack | queries | imported from |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| `{p.name}` | {len(p.queries)} | `{p.source}` |"
        for p in sorted(packs, key=lambda p: p.name)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _shaped(key: str, value: object) -> object:
    if key == "version" and isinstance(value, str):
        return Quoted(value)
    if key == "tags" and isinstance(value, list):
        return Flow(value)
    if key == "attack" and isinstance(value, dict):
        return {k: Flow(v) for k, v in value.items()}
    return value


def _decorators(decorators: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for kind in ("load", "always"):
        if decorators.get(kind):
            out[kind] = decorators[kind]
    intervals = decorators.get("interval")
    if isinstance(intervals, dict) and intervals:
        out["interval"] = {
            int(k) if str(k).isdigit() else k: v for k, v in intervals.items()
        }
    return out


def _pack_delimiter(settings: SettingsDraft) -> str | None:
    for values in (settings.flags, settings.options):
        setting = values.get("pack_delimiter")
        if setting is not None and isinstance(setting.value, str):
            return setting.value
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
