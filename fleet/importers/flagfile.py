"""osquery flag files (``--name=value`` per line) into the target's ``flags``.

gflags reads one flag per line, ignores blank lines and ``#`` comments, takes a
bare ``--name`` as true and ``--noname`` as false for a boolean flag, and lets a
later line win. Values are kept exactly, trailing white space included, so
validation can report what would stop osqueryd (K25).
"""

from __future__ import annotations

import re

from fleet.findings import Finding
from fleet.importers.controls import escape_lines
from fleet.importers.fields import Fields
from fleet.importers.model import Setting, SettingsDraft
from fleet.importers.nodes import BOOLEAN, NUMBER, STRING, Node
from fleet.importers.settings import setting_value
from fleet.osquery import flags as osquery_flags

_FLAG = re.compile(r"(-{1,2})([A-Za-z0-9_]+)(?:=(.*))?$", re.DOTALL)


def read_flagfile(text: str, file: str) -> tuple[SettingsDraft, list[Finding]]:
    fields = Fields(file)
    draft = SettingsDraft(file)
    seen: dict[str, int] = {}
    text, findings = escape_lines(text, file)
    fields.findings += findings
    for number, line in enumerate(text.split("\n"), start=1):
        body = line.lstrip()
        if not body.strip() or body.startswith("#"):
            continue
        column = len(line) - len(body) + 1
        where = Node(STRING, body, number, column)
        match = _FLAG.match(body)
        if not match:
            fields.warn(
                "import-flag-line",
                where,
                "",
                "not a flag line (--name=value); gflags rejects it, not imported",
            )
            continue
        name, raw = match.group(2), match.group(3)
        path = f"flags.{name}"
        if name == "flagfile":
            fields.warn(
                "import-flag-line",
                where,
                path,
                "a nested --flagfile is not followed; import that file as well",
            )
            continue
        value_node = _value_node(
            name, raw, number, column + len(match.group(1)) + len(name) + 1
        )
        if (
            raw is None
            and name.startswith("no")
            and _is_bool(name[2:])
            and not _is_bool(name)
        ):
            name, path = name[2:], f"flags.{name[2:]}"
            value_node = Node(BOOLEAN, False, number, column)
        value = setting_value(fields, name, value_node, path, "flag")
        if value is None:
            continue
        if name in seen:
            fields.warn(
                "import-setting-conflict",
                where,
                path,
                f"flag `{name}` is set again (first at line {seen[name]}); gflags "
                "keeps the last value, and so does the import",
            )
        seen[name] = number
        draft.flags[name] = Setting(value, fields.pos(value_node, path))
    return draft, fields.findings


def _value_node(name: str, raw: str | None, line: int, column: int) -> Node:
    if raw is None:
        return Node(BOOLEAN, True, line, column)
    if raw in ("true", "false"):
        return Node(BOOLEAN, raw == "true", line, column, raw=raw)
    if re.fullmatch(r"-?[0-9]+", raw) and not (
        raw.startswith(("0", "-0")) and len(raw) > 1
    ):
        return Node(NUMBER, int(raw), line, column, raw=raw)
    return Node(STRING, raw, line, column, raw=raw)


def _is_bool(name: str) -> bool:
    flag = osquery_flags.lookup(name)
    return flag is not None and flag.type == "bool"
