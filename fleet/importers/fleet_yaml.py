"""Fleet YAML documents (``apiVersion`` / ``kind``): queries, packs, options, config.

Packs name their queries; the query documents may come later in the stream or from
another file, so documents are only collected here and resolved together by
``fleet_packs`` (K05, K06). Legacy ``kind: options`` is imported,
with a warning for start-up flags that osquery ignores under options (K07).
Policies, labels, teams and enroll secrets are not an osquery schedule and are
skipped, by name, without their values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fleet.importers.detect import SourceFile
from fleet.importers.fields import Fields
from fleet.importers.nodes import OBJECT, Node, describe
from fleet.importers.osquery_json import ConfigImport, read_config
from fleet.importers.settings import read_values
from fleet.osquery import flags as osquery_flags

SKIPPED_KINDS = ("label", "team", "enroll_secret", "user_roles", "software")
SUPPORTED = (
    "query, pack, options, config (policy, label, team and enroll_secret are skipped)"
)
AGENT_OPTION_KEYS = ("config", "command_line_flags", "overrides")


@dataclass(slots=True)
class Doc:
    name: str
    spec: Node
    fields: Fields
    source: SourceFile
    number: int  # 1-based document number in its file


@dataclass(slots=True)
class FleetFile:
    source: SourceFile
    fields: Fields
    queries: list[Doc] = field(default_factory=list)
    packs: list[Doc] = field(default_factory=list)
    config: ConfigImport = field(default_factory=ConfigImport)

    def __post_init__(self) -> None:
        self.config.settings.file = self.fields.file


def is_fleet_stream(docs: list[Node]) -> bool:
    return any(d.kind == OBJECT and ("kind" in d or "apiVersion" in d) for d in docs)


def read_documents(
    docs: list[Node], fields: Fields, source: SourceFile, group: str
) -> FleetFile:
    out = FleetFile(source, fields)
    for number, doc in enumerate(docs, start=1):
        kind_node = doc.get("kind") if doc.kind == OBJECT else None
        kind = kind_node.text() if kind_node is not None else None
        spec = doc.get("spec") if doc.kind == OBJECT else None
        if kind is None or spec is None or spec.kind != OBJECT:
            fields.error(
                "import-fleet-kind",
                doc,
                "",
                f"document {number} is not a Fleet document with `kind` and a "
                f"`spec` mapping; supported kinds: {SUPPORTED}",
            )
            continue
        assert kind_node is not None
        name_node = spec.get("name")
        name = name_node.text() if name_node is not None else None
        if kind in ("query", "pack"):
            if not name:
                fields.error(
                    "import-fleet-kind",
                    spec,
                    "spec.name",
                    f"document {number} (kind: {kind}) has no `name`",
                )
                continue
            (out.queries if kind == "query" else out.packs).append(
                Doc(name, spec, fields, source, number)
            )
        elif kind == "options":
            fields.warn(
                "import-legacy-options",
                kind_node,
                "kind",
                f"document {number} is a legacy Fleet `kind: options`, which newer "
                "fleetctl rejects; its settings are imported into the target",
                "newer Fleet keeps them under `agent_options` (config, "
                "command_line_flags) in its GitOps files",
            )
            read_agent_options(fields, spec, "spec", out, group, legacy=True)
        elif kind == "config":
            _config(fields, spec, out, group)
        elif kind == "policy":
            fields.warn(
                "import-not-schedule",
                spec,
                "spec",
                f"policy `{name or '?'}` is not an osquery schedule; not imported",
            )
        elif kind in SKIPPED_KINDS:
            what = f" `{name}`" if name and kind != "enroll_secret" else ""
            fields.warn(
                "import-not-schedule",
                kind_node,
                "kind",
                f"{kind}{what} (document {number}) is a Fleet server setting, not "
                "an osquery schedule; not imported",
            )
        else:
            fields.error(
                "import-fleet-kind",
                kind_node,
                "kind",
                f"unsupported kind `{kind}` in document {number}; supported: "
                f"{SUPPORTED}",
            )
    return out


def _config(fields: Fields, spec: Node, out: FleetFile, group: str) -> None:
    for member in spec.members:
        if member.key == "agent_options":
            read_agent_options(fields, member.value, "spec.agent_options", out, group)
        else:
            fields.note(
                "import-not-osquery",
                member.value,
                f"spec.{member.key}",
                f"`{member.key}` is a Fleet server setting, not imported",
            )


def read_agent_options(
    fields: Fields,
    node: Node,
    path: str,
    out: FleetFile,
    group: str,
    legacy: bool = False,
) -> None:
    """Fleet agent options: ``config`` is an osquery config, flags start-up flags."""
    if node.kind != OBJECT:
        fields.warn(
            "import-value",
            node,
            path,
            f"{path} must be a mapping, not {describe(node)}; not imported",
        )
        return
    for member in node.members:
        at = f"{path}.{member.key}"
        value = member.value
        if member.key == "config" and value.kind == OBJECT:
            config = read_config(
                fields,
                value,
                out.source.path.stem,
                group,
                out.source.rel,
                out.config.settings,
            )
            out.config.packs += config.packs
            out.config.refs += config.refs
            if legacy:
                _cli_only(fields, value)
        elif member.key == "command_line_flags":
            read_values(fields, value, at, out.config.settings.flags, "flag")
        elif member.key == "overrides":
            if value.kind == OBJECT and value.members:
                fields.warn(
                    "import-overrides",
                    value,
                    at,
                    "per-platform overrides are not imported: the target holds "
                    "one set of options",
                    "split them into one target per platform",
                )
        else:
            fields.note(
                "import-not-osquery",
                value,
                at,
                f"`{member.key}` is a Fleet agent setting, not an osquery setting; "
                "not imported",
            )


def _cli_only(fields: Fields, config: Node) -> None:
    options = config.get("options")
    if options is None or options.kind != OBJECT:
        return
    for member in options.members:
        flag = osquery_flags.lookup(member.key)
        if flag is not None and flag.cli_only:
            fields.warn(
                "import-cli-flag",
                member.value,
                f"spec.config.options.{member.key}",
                f"`{member.key}` is a start-up flag: osquery ignores it under "
                "options. It is imported under options as written",
                "it belongs in the target's flags (newer Fleet: "
                "agent_options.command_line_flags)",
            )
