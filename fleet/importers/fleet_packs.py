"""Fleet packs resolved against Fleet query documents, from any file, in any order.

A pack entry names a query; the scheduled name defaults to the query's name. Every
missing reference is listed (K05), and two entries of one pack under the same
scheduled name are an error (K06). A query defined in the pack's own file wins;
elsewhere it must be defined once (or identically). Query documents no pack
schedules become a pack named after their file.
"""

from __future__ import annotations

from collections import defaultdict

from fleet.findings import Pos, info
from fleet.importers.fleet_query import fleet_query
from fleet.importers.fleet_yaml import Doc, FleetFile
from fleet.importers.model import PackDraft
from fleet.importers.naming import add_query, safe_name
from fleet.importers.nodes import ARRAY, OBJECT, Node


def build_packs(files: list[FleetFile], group_of: dict[str, str]) -> list[PackDraft]:
    """Resolve every pack against every query document, in any order (K05, K06)."""
    by_name: dict[str, list[Doc]] = defaultdict(list)
    for fleet_file in files:
        for doc in fleet_file.queries:
            by_name[doc.name].append(doc)
    used: set[int] = set()
    packs = []
    for fleet_file in files:
        for doc in fleet_file.packs:
            pack = _pack(doc, by_name, used, group_of[doc.fields.file])
            if pack is not None:
                packs.append(pack)
    for fleet_file in files:
        loose = [d for d in fleet_file.queries if id(d) not in used]
        if loose:
            packs.append(_loose(fleet_file, loose, group_of[fleet_file.fields.file]))
    return packs


def _pack(
    doc: Doc, by_name: dict[str, list[Doc]], used: set[int], group: str
) -> PackDraft | None:
    fields, spec = doc.fields, doc.spec
    pos = fields.pos(spec, "spec")
    pack = PackDraft(doc.name, doc.name, group, pos, doc.source.rel, {fields.file})
    pack.name = safe_name(doc.name, "pack", pos, fields.findings, "pack")
    entries = spec.get("queries")
    for member in spec.members:
        at = f"spec.{member.key}"
        if member.key in ("platform", "description"):
            text = (
                fields.platform(member.value, at)
                if member.key == "platform"
                else (fields.string(member.value, at, member.key))
            )
            if text:
                pack.fields[member.key] = text
        elif member.key not in ("name", "queries"):
            fields.note(
                "import-not-osquery",
                member.value,
                at,
                f"`{member.key}` is not an osquery setting, not imported",
            )
    if entries is None or entries.kind != ARRAY:
        fields.warn(
            "import-value",
            spec,
            "spec.queries",
            f"pack `{doc.name}` has no list of queries; it is imported empty",
        )
        return pack
    scheduled: dict[str, int] = {}
    ok = True
    for number, entry in enumerate(entries.items, start=1):
        at = f"spec.queries[{number - 1}]"
        ref_node = entry.get("query") if entry.kind == OBJECT else None
        ref = ref_node.text() if ref_node is not None else None
        if ref_node is None or ref is None:
            fields.error(
                "import-fleet-reference",
                entry,
                at,
                f"pack `{doc.name}` entry {number} names no query (`query:`)",
            )
            ok = False
            continue
        target = _resolve(doc, ref, by_name, ref_node, at, number)
        if target is None:
            ok = False
            continue
        used.add(id(target))
        name_node = entry.get("name")
        name = (name_node.text() if name_node is not None else None) or ref
        if name in scheduled:
            fields.error(
                "import-fleet-duplicate",
                entry,
                at,
                f"pack `{doc.name}`: scheduled name `{name}` used by entries "
                f"{scheduled[name]} and {number}; add `name:`",
            )
            ok = False
            continue
        scheduled[name] = number
        query = fleet_query(
            name,
            fields.pos(entry, at),
            [(target.fields, target.spec, "spec"), (fields, entry, at)],
        )
        if query is not None:
            pack.files.add(target.fields.file)
            add_query(fields, pack, query, entry, at)
    return pack if ok else None


def _resolve(
    doc: Doc, ref: str, by_name: dict[str, list[Doc]], node: Node, at: str, number: int
) -> Doc | None:
    candidates = by_name.get(ref, [])
    local = [c for c in candidates if c.source == doc.source]
    choice = local or candidates
    texts = {_sql_of(c) for c in choice}
    if not choice:
        doc.fields.error(
            "import-fleet-reference",
            node,
            f"{at}.query",
            f"pack `{doc.name}` entry {number} references query `{ref}`, not "
            "defined in the input",
            "add its `kind: query` document to the sources",
        )
        return None
    if len(texts) > 1:
        places = ", ".join(f"{c.fields.file}:{c.spec.line}" for c in choice)
        doc.fields.error(
            "import-fleet-reference",
            node,
            f"{at}.query",
            f"pack `{doc.name}` entry {number} references query `{ref}`, "
            f"which is defined differently in {places}",
            "import one definition, or rename one of them",
        )
        return None
    return choice[0]


def _sql_of(doc: Doc) -> str:
    node = doc.spec.get("query")
    return str(node.plain()) if node is not None else ""


def _loose(fleet_file: FleetFile, docs: list[Doc], group: str) -> PackDraft:
    """Query documents no pack schedules: one pack named after their file."""
    fields, stem = fleet_file.fields, fleet_file.source.path.stem
    first = Pos(fields.file, docs[0].spec.line, docs[0].spec.column, "spec")
    pack = PackDraft(stem, stem, group, first, fleet_file.source.rel, {fields.file})
    pack.name = safe_name(stem, "pack", first, fields.findings, "pack")
    fields.findings.append(
        info(
            "import-unscheduled",
            first,
            f"{len(docs)} query document(s) that no pack schedules are imported "
            f"into pack `{pack.name}`",
            "Fleet ran them on demand; they need an interval to run",
        )
    )
    for doc in docs:
        query = fleet_query(
            doc.name, fields.pos(doc.spec, "spec"), [(fields, doc.spec, "spec")]
        )
        if query is None:
            continue
        if any(q.original == query.original for q in pack.queries.values()):
            fields.error(
                "import-fleet-duplicate",
                doc.spec,
                "spec.name",
                f"query `{doc.name}` is defined twice in this file",
            )
            continue
        add_query(fields, pack, query, doc.spec, "spec.name")
    return pack
