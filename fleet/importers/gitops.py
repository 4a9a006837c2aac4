"""Fleet GitOps files: ``default.yml`` / team files and the ``lib/`` query lists.

A GitOps file's ``queries:`` (``reports:`` in the newest layout) holds inline
queries and ``- path: relative/file.yml`` references; they become one pack named
after the file. References are resolved relative to the referencing file and may
not leave the source tree. ``agent_options`` maps to the target; everything else
in these files configures the Fleet server and is noted, never copied (enroll
secrets live there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from fleet.importers.detect import SourceFile
from fleet.importers.fields import Fields
from fleet.importers.fleet_query import fleet_query
from fleet.importers.fleet_yaml import FleetFile, read_agent_options
from fleet.importers.model import PackDraft
from fleet.importers.naming import add_query, safe_name
from fleet.importers.nodes import ARRAY, NULLV, OBJECT, Node, describe

QUERY_LISTS = ("queries", "reports")
GITOPS_KEYS = frozenset(
    {
        *QUERY_LISTS,
        "policies",
        "agent_options",
        "org_settings",
        "team_settings",
        "controls",
        "labels",
        "software",
        "name",
        "settings",
    }
)
POLICY_KEYS = frozenset(
    {
        "resolution",
        "critical",
        "calendar_events_enabled",
        "install_software",
        "run_script",
    }
)


@dataclass(slots=True)
class Loaded:
    source: SourceFile
    root: Node
    fields: Fields


class Loader(Protocol):
    def load(
        self, base: SourceFile, ref: Node, fields: Fields, path: str
    ) -> list[Loaded]:
        """The YAML files a ``path:``/``paths:`` reference names, inside the tree."""


@dataclass(slots=True)
class GitOpsImport:
    packs: list[PackDraft] = field(default_factory=list)


def is_gitops(root: Node) -> bool:
    return root.kind == OBJECT and bool(set(root.keys()) & GITOPS_KEYS)


def is_query_list(root: Node) -> bool:
    return (
        root.kind == ARRAY
        and bool(root.items)
        and all(
            item.kind == OBJECT and ("query" in item or "name" in item)
            for item in root.items
        )
    )


def read_gitops(
    fleet_file: FleetFile, root: Node, group: str, loader: Loader
) -> PackDraft | None:
    fields, source = fleet_file.fields, fleet_file.source
    pack: PackDraft | None = None
    for member in root.members:
        key, value = member.key, member.value
        if key in QUERY_LISTS and value.kind == ARRAY:
            pack = pack or _new_pack(fields, source, group, value, key)
            _query_list(fields, source, value, key, pack, loader)
        elif key in QUERY_LISTS and value.kind != NULLV:
            fields.warn(
                "import-value",
                value,
                key,
                f"`{key}` must be a list, not {describe(value)}; not imported",
            )
        elif key == "policies":
            _policies(fields, source, value, loader)
        elif key == "agent_options":
            ref = value.get("path") if value.kind == OBJECT else None
            if ref is None:
                read_agent_options(fields, value, key, fleet_file, group)
            for loaded in loader.load(source, ref, fields, key) if ref else []:
                read_agent_options(loaded.fields, loaded.root, "", fleet_file, group)
        else:
            fields.note(
                "import-not-osquery",
                value,
                key,
                f"`{key}` is a Fleet server setting, not an osquery setting; "
                "not imported",
            )
    return pack


def read_query_list(
    fields: Fields, source: SourceFile, root: Node, group: str
) -> PackDraft:
    """A ``lib/`` file no GitOps file references: a pack named after the file."""
    pack = _new_pack(fields, source, group, root, "")
    _items(fields, _numbered(root, ""), pack)
    return pack


def _new_pack(
    fields: Fields, source: SourceFile, group: str, node: Node, path: str
) -> PackDraft:
    stem = source.path.stem
    pos = fields.pos(node, path)
    pack = PackDraft(stem, stem, group, pos, source.rel, {fields.file})
    pack.name = safe_name(stem, "pack", pos, fields.findings, "pack")
    return pack


def _query_list(
    fields: Fields,
    source: SourceFile,
    node: Node,
    key: str,
    pack: PackDraft,
    loader: Loader,
) -> None:
    for i, item in enumerate(node.items):
        at = f"{key}[{i}]"
        ref = _reference(item)
        if ref is None:
            _items(fields, [(item, at)], pack)
            continue
        for loaded in loader.load(source, ref, fields, at):
            pack.files.add(loaded.fields.file)
            if is_query_list(loaded.root):
                _items(loaded.fields, _numbered(loaded.root, ""), pack)
            else:
                loaded.fields.warn(
                    "import-unknown-file",
                    loaded.root,
                    "",
                    "a referenced queries file must be a list of queries; not imported",
                )


def _numbered(node: Node, path: str) -> list[tuple[Node, str]]:
    return [(item, f"{path}[{i}]") for i, item in enumerate(node.items)]


def _items(fields: Fields, items: list[tuple[Node, str]], pack: PackDraft) -> None:
    for item, at in items:
        if item.kind != OBJECT:
            fields.warn(
                "import-value",
                item,
                at,
                f"a query must be a mapping, not {describe(item)}; not imported",
            )
            continue
        name = item.get("name")
        text = name.text() if name is not None else None
        if set(item.keys()) & POLICY_KEYS:
            fields.warn(
                "import-not-schedule",
                item,
                at,
                f"policy `{text or '?'}` is not an osquery schedule; not imported",
            )
            continue
        if not text:
            fields.warn(
                "import-value", item, at, "a query without `name`; not imported"
            )
            continue
        if any(q.original == text for q in pack.queries.values()):
            fields.error(
                "import-fleet-duplicate",
                name or item,
                f"{at}.name",
                f"pack `{pack.original}`: query name `{text}` is used twice",
            )
            continue
        query = fleet_query(text, fields.pos(item, at), [(fields, item, at)])
        if query is not None:
            add_query(fields, pack, query, item, at)


def _policies(fields: Fields, source: SourceFile, node: Node, loader: Loader) -> None:
    for i, item in enumerate(node.items if node.kind == ARRAY else []):
        at = f"policies[{i}]"
        ref = _reference(item)
        if ref is not None:
            fields.warn(
                "import-not-schedule",
                ref,
                f"{at}.path",
                "the policies this reference names are not an osquery schedule; "
                "not imported",
            )
            continue
        name = item.get("name") if item.kind == OBJECT else None
        fields.warn(
            "import-not-schedule",
            item,
            at,
            f"policy `{(name.text() if name else None) or '?'}` is not an osquery "
            "schedule; not imported",
        )


def _reference(item: Node) -> Node | None:
    if item.kind != OBJECT:
        return None
    return item.get("path") or item.get("paths")
