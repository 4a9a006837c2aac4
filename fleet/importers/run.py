"""``import_sources``: read every source, map it, resolve references, finish.

Files are read and parsed first, all of them, because references run in every
direction: a Fleet pack names queries defined later or elsewhere, a config names
pack files, a GitOps team file names ``lib/`` files. Then each format is mapped,
and ``finish`` leaves out whatever drew on a file with an error.
"""

from __future__ import annotations

import glob
import os
from collections import defaultdict
from pathlib import Path

from fleet.findings import Finding, Pos, info, warning
from fleet.importers import detect
from fleet.importers.controls import escape_tree
from fleet.importers.defense_kit import read_sql_file
from fleet.importers.depth import yaml_too_deep
from fleet.importers.detect import SourceFile
from fleet.importers.fields import Fields
from fleet.importers.finish import finish
from fleet.importers.flagfile import read_flagfile
from fleet.importers.fleet_packs import build_packs
from fleet.importers.fleet_yaml import FleetFile, is_fleet_stream, read_documents
from fleet.importers.gitops import (
    Loaded,
    is_gitops,
    is_query_list,
    read_gitops,
    read_query_list,
)
from fleet.importers.json_sources import JsonDoc, import_json
from fleet.importers.model import ImportResult, PackDraft, QueryDraft, SettingsDraft
from fleet.importers.naming import add_query, safe_name, sanitize
from fleet.importers.nodes import STRING, Node, from_yaml
from fleet.importers.osquery_json_text import parse_osquery_json
from fleet.load.inventory import display_path, read_text
from fleet.load.yamldoc import Reader
from fleet.load.yamlparse import parse_all


def import_sources(
    arguments: list[Path], group: str | None = None, skip: Path | None = None
) -> ImportResult:
    """Map every file under ``arguments`` (but not under ``skip``) to packs and
    target settings."""
    return _Import(detect.collect(arguments, skip), group).run()


class _Import:
    def __init__(self, files: list[SourceFile], group: str | None) -> None:
        self.files = files
        self.group = group
        self.fields: dict[str, Fields] = {}
        self.yaml: dict[str, list[Node] | None] = {}
        self.consumed: set[str] = set()
        self.groups: dict[str, str] = {}
        self.loose: list[Finding] = []
        self.looked_at: list[str] = []
        self.unreadable: list[str] = []

    # services ----------------------------------------------------------------------
    def fields_for(self, source: SourceFile) -> Fields:
        return self.fields.setdefault(source.shown, Fields(source.shown))

    def group_of(self, source: SourceFile) -> str:
        if self.group:
            return self.group
        folder = source.path.parent.name
        if folder not in self.groups:
            self.groups[folder] = sanitize(folder, "imported")
            if self.groups[folder] != folder:
                self.loose.append(
                    info(
                        "import-group",
                        Pos(source.shown, 1, 1, ""),
                        f"folder `{folder}` becomes group `{self.groups[folder]}`",
                        "group names are directory names under packs/",
                    )
                )
        return self.groups[folder]

    def read(self, source: SourceFile) -> str | None:
        text, findings = read_text(source.path, source.shown)
        self.fields_for(source).findings.extend(findings)
        if any(f.code == "unreadable" for f in findings):
            self.unreadable.append(source.shown)
        return text

    def load_yaml(self, source: SourceFile) -> list[Node] | None:
        key = str(source.path)
        if key not in self.yaml:
            text = self.read(source)
            self.yaml[key] = None if text is None else self._parse_yaml(source, text)
        return self.yaml[key]

    def _parse_yaml(self, source: SourceFile, text: str) -> list[Node] | None:
        fields = self.fields_for(source)
        deep = yaml_too_deep(text, source.shown)
        if deep is not None:
            fields.findings.append(deep)
            return None
        docs, findings = parse_all(text, source.shown)
        fields.findings.extend(findings)
        if findings:
            return None
        reader = Reader(source.shown, text)
        nodes = [from_yaml(doc, reader) for doc in docs]
        fields.findings.extend(reader.findings)
        for node in nodes:
            escape_tree(node, fields)
        return nodes

    def load(
        self, base: SourceFile, ref: Node, fields: Fields, path: str
    ) -> list[Loaded]:
        """Follow a GitOps ``path:`` / ``paths:`` reference (the gitops Loader)."""
        text = ref.text()
        if not text:
            fields.warn("import-value", ref, path, "a `path:` reference must be text")
            return []
        pattern = os.path.normpath(os.path.join(base.path.parent, text))
        matches = sorted(glob.glob(pattern)) if glob.has_magic(text) else [pattern]
        root = os.path.realpath(base.root)
        out = []
        for match in matches:
            if os.path.commonpath([root, os.path.realpath(match)]) != root:
                fields.error(
                    "import-path-escape",
                    ref,
                    path,
                    f"`{text}` leads outside the source tree {base.root.name}/; "
                    "not followed",
                    "import the repository's top directory",
                )
                continue
            if not os.path.isfile(match):
                fields.warn(
                    "import-missing-file",
                    ref,
                    path,
                    f"`{text}` was not found; what it holds is not imported",
                )
                continue
            target = SourceFile(Path(match), base.root, display_path(Path(match)))
            docs = self.load_yaml(target)
            self.consumed.add(str(target.path))
            if docs is not None and len(docs) == 1:
                out.append(Loaded(target, docs[0], self.fields_for(target)))
            elif docs is not None:
                fields.warn(
                    "import-unknown-file",
                    ref,
                    path,
                    f"`{text}` must hold one YAML document; not imported",
                )
        if not matches:
            fields.warn(
                "import-missing-file",
                ref,
                path,
                f"`{text}` matches no file; nothing imported from it",
            )
        return out

    # the run -----------------------------------------------------------------------
    def run(self) -> ImportResult:
        json_docs: list[JsonDoc] = []
        flag_drafts: list[SettingsDraft] = []
        sql: list[tuple[SourceFile, QueryDraft]] = []
        yaml_sources: list[SourceFile] = []
        for source in self.files:
            kind = detect.kind_by_name(source.path)
            if kind == detect.DOC:
                continue
            self.looked_at.append(source.shown)
            if kind == detect.YAML:
                yaml_sources.append(source)
                self.load_yaml(source)
                continue
            text = self.read(source)
            if text is None:
                continue
            fields = self.fields_for(source)
            if kind == detect.UNKNOWN:
                kind = detect.kind_by_content(text)
            if kind == detect.JSON:
                root, findings = parse_osquery_json(text, source.shown)
                fields.findings.extend(findings)
                if root is not None:
                    escape_tree(root, fields)
                    json_docs.append(JsonDoc(source, root, fields))
            elif kind == detect.FLAGS:
                draft, findings = read_flagfile(text, source.shown)
                fields.findings.extend(findings)
                flag_drafts.append(draft)
            elif kind == detect.SQL:
                self._sql(source, text, sql)
            else:
                fields.findings.append(
                    warning(
                        "import-unknown-file",
                        Pos(source.shown, 1, 1, ""),
                        "not a format fleet import reads (osquery JSON, flag file, "
                        "Fleet YAML, defense-kit SQL); not imported",
                    )
                )

        packs: list[PackDraft] = []
        drafts: list[SettingsDraft] = []
        json = import_json(json_docs, self.group_of)
        packs += json.packs
        drafts += json.settings
        yaml_packs, yaml_drafts = self._yaml(yaml_sources)
        packs += yaml_packs
        drafts += yaml_drafts
        packs += self._sql_packs(sql)
        drafts += flag_drafts

        findings = [f for fields in self.fields.values() for f in fields.findings]
        result = finish(packs, drafts, findings + self.loose)
        result.files = self.looked_at
        result.unreadable = self.unreadable
        return result

    def _yaml(
        self, sources: list[SourceFile]
    ) -> tuple[list[PackDraft], list[SettingsDraft]]:
        fleet_files: list[FleetFile] = []
        gitops: list[tuple[FleetFile, Node]] = []
        lists: list[tuple[SourceFile, Node]] = []
        for source in sources:
            docs = self.yaml.get(str(source.path))
            if docs is None:
                continue
            fields = self.fields_for(source)
            if is_fleet_stream(docs):
                fleet_files.append(
                    read_documents(docs, fields, source, self.group_of(source))
                )
            elif len(docs) == 1 and is_gitops(docs[0]):
                gitops.append((FleetFile(source, fields), docs[0]))
            elif len(docs) == 1 and is_query_list(docs[0]):
                lists.append((source, docs[0]))
            else:
                fields.findings.append(
                    warning(
                        "import-unknown-file",
                        Pos(source.shown, 1, 1, ""),
                        "YAML that is neither Fleet documents (apiVersion/kind) nor a "
                        "Fleet GitOps file; not imported"
                        if docs
                        else "the file is empty",
                    )
                )
        group_of = {f.fields.file: self.group_of(f.source) for f in fleet_files}
        packs = build_packs(fleet_files, group_of)
        for fleet_file, root in gitops:
            pack = read_gitops(fleet_file, root, self.group_of(fleet_file.source), self)
            if pack is not None:
                packs.append(pack)
            fleet_files.append(fleet_file)
        for source, root in lists:
            if str(source.path) not in self.consumed:
                packs.append(
                    read_query_list(
                        self.fields_for(source), source, root, self.group_of(source)
                    )
                )
        for fleet_file in fleet_files:
            packs += fleet_file.config.packs
        return packs, [f.config.settings for f in fleet_files]

    def _sql(
        self, source: SourceFile, text: str, out: list[tuple[SourceFile, QueryDraft]]
    ) -> None:
        fields = self.fields_for(source)
        if detect.in_fragments(source):
            fields.findings.append(
                info(
                    "import-fragment",
                    Pos(source.shown, 1, 1, ""),
                    "a snippet in fragments/, not a query; not imported",
                )
            )
            return
        query, findings = read_sql_file(text, source.shown, source.path.stem)
        fields.findings.extend(findings)
        if query is not None:
            out.append((source, query))

    def _sql_packs(
        self, queries: list[tuple[SourceFile, QueryDraft]]
    ) -> list[PackDraft]:
        """defense-kit queries: one pack per folder, named after the folder."""
        by_folder: dict[Path, list[tuple[SourceFile, QueryDraft]]] = defaultdict(list)
        for source, query in queries:
            by_folder[source.path.parent].append((source, query))
        packs = []
        for folder, members in by_folder.items():
            first = members[0][0]
            fields = self.fields_for(first)
            pos = Pos(first.shown, 1, 1, "")
            rel = Path(first.rel).parent.as_posix()
            pack = PackDraft(
                folder.name, folder.name, self.group_of(first), pos, rel + "/"
            )
            pack.name = safe_name(folder.name, "pack", pos, fields.findings, "pack")
            for source, query in members:
                pack.files.add(source.shown)
                add_query(
                    self.fields_for(source), pack, query, Node(STRING, "", 1, 1), ""
                )
            packs.append(pack)
        return packs
