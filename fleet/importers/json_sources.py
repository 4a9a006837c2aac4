"""osquery JSON sources together: configs, and the pack files they reference.

A config may name packs by path (``"packs": {"x": "/etc/osquery/packs/x.conf"}``)
or by glob (``"*": "/etc/osquery/packs/*"``). Such a pack is imported when a file
of that name is among the sources (the nearest one, if several are); otherwise a
warning says the pack was not given. Pack files no config references are imported
on their own, named after the file as osquery's glob would name them.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from fleet.findings import info, warning
from fleet.importers.detect import SourceFile
from fleet.importers.fields import Fields
from fleet.importers.model import PackDraft, SettingsDraft
from fleet.importers.nodes import Node
from fleet.importers.osquery_json import (
    PackRef,
    is_config,
    is_pack_file,
    read_config,
    read_pack,
)


@dataclass(slots=True)
class JsonDoc:
    source: SourceFile
    root: Node
    fields: Fields


@dataclass(slots=True)
class JsonImport:
    packs: list[PackDraft] = field(default_factory=list)
    settings: list[SettingsDraft] = field(default_factory=list)


def import_json(
    docs: list[JsonDoc], group_of: Callable[[SourceFile], str]
) -> JsonImport:
    out = JsonImport()
    pack_docs = [d for d in docs if is_pack_file(d.root)]
    consumed: set[tuple[str, str]] = set()
    for doc in docs:
        if doc in pack_docs:
            continue
        if not is_config(doc.root):
            doc.fields.warn(
                "import-unknown-file",
                doc.root,
                "",
                "this JSON has none of osquery's configuration keys (schedule, "
                "packs, queries, options, ...); nothing imported",
            )
            continue
        config = read_config(
            doc.fields,
            doc.root,
            doc.source.path.stem,
            group_of(doc.source),
            doc.source.rel,
        )
        out.packs += config.packs
        out.settings.append(config.settings)
        for ref in config.refs:
            for target in _resolve(doc, ref, pack_docs):
                name = target.source.path.stem if ref.name == "*" else ref.name
                key = (name, str(target.source.path))
                if key in consumed:
                    doc.fields.findings.append(
                        info(
                            "import-pack-reference",
                            ref.pos,
                            f"pack `{name}` from {target.source.shown} is already "
                            "imported",
                        )
                    )
                    continue
                consumed.add(key)
                out.packs.append(_pack(target, name, group_of, out))
    referenced = {path for _, path in consumed}
    for doc in pack_docs:
        if str(doc.source.path) not in referenced:
            out.packs.append(_pack(doc, doc.source.path.stem, group_of, out))
    return out


def _pack(
    doc: JsonDoc, name: str, group_of: Callable[[SourceFile], str], out: JsonImport
) -> PackDraft:
    settings = SettingsDraft(doc.fields.file)
    pack = read_pack(
        doc.fields, doc.root, "", name, group_of(doc.source), doc.source.rel, settings
    )
    if settings:
        out.settings.append(settings)
    return pack


def _resolve(config: JsonDoc, ref: PackRef, pack_docs: list[JsonDoc]) -> list[JsonDoc]:
    basename = re.split(r"[/\\]", ref.target)[-1]
    if ref.name == "*":
        found = [
            d for d in pack_docs if fnmatch.fnmatchcase(d.source.path.name, basename)
        ]
    else:
        found = sorted(
            (d for d in pack_docs if d.source.path.name == basename),
            key=lambda d: -_shared(d.source, config.source),
        )[:1]
    if not found:
        config.fields.findings.append(
            warning(
                "import-pack-missing",
                ref.pos,
                f"pack `{ref.name}` refers to `{ref.target}`, which is not among "
                "the sources; not imported",
                "add that pack file to the files given to fleet import",
            )
        )
    return found


def _shared(a: SourceFile, b: SourceFile) -> int:
    """How many leading path parts two files share: the nearest file wins."""
    return len(os.path.commonpath([a.path, b.path]).split(os.sep))
