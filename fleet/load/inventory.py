"""Find and read a whole inventory: ``fleet.yml`` and ``packs/<group>/<pack>.yml``."""

from __future__ import annotations

from pathlib import Path

from fleet.errors import FleetError
from fleet.findings import Finding, Pos, error, warning
from fleet.load.packfile import read_pack
from fleet.load.rootfile import read_root
from fleet.load.walk import PACK_SUFFIXES as PACK_SUFFIXES
from fleet.load.walk import display_path as display_path
from fleet.load.walk import link_finding, pack_files
from fleet.load.yamldoc import Reader, one_line
from fleet.load.yamlparse import gc_paused, parse
from fleet.model import Group, Inventory
from fleet.osquery.names import unsafe_reason

ROOT_FILE = "fleet.yml"


def read_text(path: Path, shown: str) -> tuple[str | None, list[Finding]]:
    """A file's text as UTF-8; bad bytes become a finding at their line and column."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [
            error(
                "unreadable", Pos(shown, 1, 1), f"cannot read the file: {exc.strerror}"
            )
        ]
    return decode_text(data, shown)


def decode_text(data: bytes, shown: str) -> tuple[str | None, list[Finding]]:
    """Bytes as UTF-8 (a BOM dropped); bad bytes become a finding at their place."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            error(
                "encoding",
                Pos(shown, line, column),
                f"byte 0x{data[exc.start]:02x} is not UTF-8",
                "save the file as UTF-8",
            )
        ]


def find_root(start: Path) -> Path:
    """The inventory directory: ``start``, or the directory of the fleet.yml given."""
    if start.is_file():
        if start.name == ROOT_FILE:
            return start.parent
        holder = next(
            (d for d in start.resolve().parents if (d / ROOT_FILE).is_file()), None
        )
        raise FleetError(
            f"{start} is a file; --inventory (-i) takes the inventory directory, "
            f"the one holding {ROOT_FILE}",
            f"pass -i {display_path(holder)}"
            if holder is not None
            else f"pass the directory that holds {ROOT_FILE}",
        )
    if (start / ROOT_FILE).is_file() or (start / ROOT_FILE).is_symlink():
        return start  # a link is reported where it is, dangling or leading outside
    if (start / ROOT_FILE).exists():
        raise FleetError(
            f"{start / ROOT_FILE} is not a file", "fleet.yml must be a file"
        )
    if not start.exists():
        raise FleetError(f"{start} does not exist", "pass the inventory directory")
    raise FleetError(
        f"no {ROOT_FILE} in {start}",
        "run fleet in the inventory's directory or pass it with --inventory",
    )


def load_inventory(start: Path) -> Inventory:
    with gc_paused():
        return _load_inventory(start)


def _load_inventory(start: Path) -> Inventory:
    root = find_root(start)
    root_path = root / ROOT_FILE
    inventory = Inventory(root=root, root_file=display_path(root_path))
    problem = link_finding(root_path, root)
    if problem is not None:
        inventory.findings.append(problem)
        return inventory
    text, findings = read_text(root_path, inventory.root_file)
    inventory.findings.extend(findings)
    if text is not None:
        reader = Reader(inventory.root_file, text)
        node, findings = parse(text, inventory.root_file)
        inventory.findings.extend(findings)
        if node is not None:
            read_root(reader, node, inventory)
        elif not findings:
            inventory.findings.append(
                error("empty", Pos(inventory.root_file, 1, 1), "fleet.yml is empty")
            )
        inventory.findings.extend(reader.findings)
    _load_packs(inventory)
    return inventory


def _load_packs(inventory: Inventory) -> None:
    packs_dir = inventory.root / "packs"
    if not packs_dir.is_dir():
        inventory.findings.append(
            error(
                "missing-packs",
                inventory.at(""),
                "there is no packs/ directory beside fleet.yml",
            )
        )
        return
    first_files: dict[str, str] = {}
    paths, findings = pack_files(packs_dir, inventory.root)
    inventory.findings.extend(findings)
    for path in paths:
        shown = display_path(path)
        problem = link_finding(path, inventory.root)
        if problem is not None:
            inventory.findings.append(problem)
            continue
        relative = path.relative_to(packs_dir).parts
        if len(relative) != 2:
            inventory.findings.append(
                error(
                    "pack-location",
                    Pos(shown, 1, 1),
                    "pack files live exactly one level down: packs/<group>/<pack>.yml",
                    "move the file into a group directory",
                )
            )
            continue
        first_files.setdefault(relative[0], shown)
        _load_pack(inventory, path, shown, relative[0])
    for name, first in first_files.items():
        inventory.findings.extend(_group_findings(inventory.groups[name], first))


def _group_findings(group: Group, first_file: str) -> list[Finding]:
    """A group's name and runbook; ``first_file`` is its first pack file, loaded
    or not."""
    findings = []
    reason = unsafe_reason(group.name)
    if reason:
        place = group.path / "README.md" if group.has_readme else group.path
        findings.append(
            error(
                "name-unsafe",
                Pos(display_path(place), 1, 1, ""),
                f"group name '{one_line(group.name)}' {reason}",
                "rename the directory: group names are selectors (group:NAME) and "
                "name the files of every finding",
            )
        )
    if not group.has_readme:
        findings.append(
            warning(
                "group-readme",
                Pos(first_file, 1, 1, ""),
                f"group '{one_line(group.name)}' has no README.md",
                "each group's README is its runbook: what fires, why, what to do",
            )
        )
    return findings


def _load_pack(inventory: Inventory, path: Path, shown: str, group: str) -> None:
    if group not in inventory.groups:
        group_dir = path.parent
        inventory.groups[group] = Group(
            group, group_dir, (group_dir / "README.md").is_file()
        )
    name = path.stem
    inventory.unloaded.add(name)  # until it loads
    text, findings = read_text(path, shown)
    inventory.findings.extend(findings)
    if text is None:
        return
    node, findings = parse(text, shown)
    inventory.findings.extend(findings)
    if node is None:
        if not findings:
            inventory.findings.append(
                warning("empty", Pos(shown, 1, 1), "the pack file is empty")
            )
        return
    if name in inventory.packs:
        first = inventory.packs[name]
        inventory.findings.append(
            error(
                "pack-duplicate",
                Pos(shown, 1, 1, ""),
                f"pack '{name}' is defined twice (also in {first.file})",
                "pack names are file names and must be unique across groups",
                related=(first.pos,),
            )
        )
        return
    reader = Reader(shown, text)
    pack = read_pack(reader, node, name, group, inventory.defaults)
    inventory.findings.extend(reader.findings)
    if pack is not None:
        inventory.packs[name] = pack
        inventory.unloaded.discard(name)
