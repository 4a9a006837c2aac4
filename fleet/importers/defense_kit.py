"""osquery-defense-kit ``.sql`` files: one query each, metadata in header comments.

The header is the run of ``--`` comment lines (and blank lines) at the top. Its
``key: value`` lines give platform, interval, tags, version and shard; ``references:``
and ``false positives:`` introduce ``*`` lists; the other lines are the description,
paragraph by paragraph. The SQL is everything after the header, byte for byte,
comments inside it included (``\r\n`` line breaks made ``\n``, control characters
escaped by ``controls``). Like the kit's own pack tool, a ``-- interval:`` line is
read wherever it stands in the header, even under a note asking to uncomment it.
"""

from __future__ import annotations

import re

from fleet.findings import Finding, Pos
from fleet.importers.controls import escape_lines
from fleet.importers.fields import Fields
from fleet.importers.model import QueryDraft
from fleet.importers.naming import safe_name
from fleet.importers.nodes import STRING, Node

LIST_KEYS = {
    "references": "references",
    "refs": "references",
    "reference": "references",
    "false positives": "false_positives",
    "false-positives": "false_positives",
    "false_positives": "false_positives",
    "related": "",
}
SCALAR_KEYS = ("platform", "interval", "tags", "version", "shard")
_KEY = re.compile(r"([A-Za-z][A-Za-z _-]*?)\s*:\s*(.*)$")
_TECHNIQUE = re.compile(r"attack\.mitre\.org/techniques/(T\d{4})(?:/(\d{3}))?")
_TACTIC = re.compile(r"attack\.mitre\.org/tactics/(TA\d{4})")


def read_sql_file(
    text: str, file: str, stem: str
) -> tuple[QueryDraft | None, list[Finding]]:
    fields = Fields(file)
    text, findings = escape_lines(text, file)
    fields.findings += findings
    lines = text.split("\n")
    start = 0
    while start < len(lines) and (
        not lines[start].strip() or lines[start].lstrip().startswith("--")
    ):
        start += 1
    first = Pos(file, 1, 1, "")
    if start >= len(lines) or not "\n".join(lines[start:]).strip():
        fields.warn(
            "import-value",
            Node(STRING, "", 1, 1),
            "",
            "the file holds comments but no SQL; not imported",
        )
        return None, fields.findings
    query = QueryDraft(
        safe_name(stem, "query", first, fields.findings, "query"), stem, first
    )
    query.fields["query"] = "\n".join(lines[start:])
    given = _header(fields, lines[:start], query)
    if "interval" not in given:
        fields.warn(
            "import-interval",
            Node(STRING, "", 1, 1),
            "",
            f"query `{stem}` has no `-- interval:` line; none is made up",
            "add one, or set defaults.interval in fleet.yml",
        )
    return query, fields.findings


def _header(fields: Fields, lines: list[str], query: QueryDraft) -> set[str]:
    """Map the header onto ``query``; the scalar keys it gives, valid or not."""
    given: set[str] = set()
    paragraphs: list[list[str]] = [[]]
    current: str | None = None  # the list key items are being collected for
    lists: dict[str, list[str]] = {"references": [], "false_positives": []}
    for number, line in enumerate(lines, start=1):
        content = line.strip()[2:].strip() if line.strip().startswith("--") else ""
        column = line.find(content) + 1 if content else 1
        node = Node(STRING, content, number, column)
        if not content:
            current = None
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if current is not None and content.startswith("*"):
            if current:
                lists[current].append(content.lstrip("*").strip())
            continue
        match = _KEY.match(content)
        key = match.group(1).strip().lower() if match else ""
        if match and key in LIST_KEYS:
            current = LIST_KEYS[key]
            if not current:
                fields.note(
                    "import-not-osquery",
                    node,
                    key,
                    f"`{key}:` has no inventory field; not imported",
                )
            elif match.group(2).strip():
                lists[current].append(match.group(2).strip())
            continue
        if match and key in SCALAR_KEYS:
            current = None
            value = match.group(2).strip()
            at = Node(STRING, value, number, column + match.start(2))
            _scalar(fields, key, value, node, at, query, key in given)
            given.add(key)
            continue
        current = None
        paragraphs[-1].append(content)
    description = "\n\n".join(" ".join(p) for p in paragraphs if p)
    if description:
        query.fields["description"] = description
    for key in ("references", "false_positives"):
        if lists[key]:
            query.fields[key] = lists[key]
    attack = _attack(lists["references"])
    if attack:
        query.fields["attack"] = attack
    return given


def _scalar(
    fields: Fields,
    key: str,
    value: str,
    line: Node,
    at: Node,
    query: QueryDraft,
    again: bool,
) -> None:
    """One ``-- key: value`` line; findings about the value point at the value."""
    if again:
        fields.warn(
            "import-setting-conflict",
            line,
            key,
            f"`{key}:` is given twice in the header; the later line is imported",
        )
    if key == "interval":
        if re.fullmatch(r"[0-9]+", value) and int(value) > 0:
            query.fields["interval"] = int(value)
        else:
            query.fields.pop("interval", None)
            fields.warn(
                "import-interval",
                at,
                key,
                f'interval "{value}" is not a number of seconds; not imported',
            )
    elif key == "tags":
        tags = [t for t in re.split(r"[\s,]+", value) if t]
        query.fields["tags"] = tags
        if "disabled" in tags:
            fields.note(
                "import-disabled",
                at,
                key,
                "tagged `disabled`: osquery-defense-kit leaves it out of its packs; "
                "it is imported with the tag",
            )
    elif key == "shard":
        if value.isdigit():
            query.fields["shard"] = int(value)
        else:
            fields.warn(
                "import-value",
                at,
                key,
                f'shard "{value}" is not a number; not imported',
            )
    elif value:
        query.fields[key] = value


def _attack(references: list[str]) -> dict[str, list[str]]:
    """ATT&CK IDs named by attack.mitre.org links among the references."""
    tactics: list[str] = []
    techniques: list[str] = []
    for reference in references:
        for match in _TECHNIQUE.finditer(reference):
            technique = match.group(1) + (
                f".{match.group(2)}" if match.group(2) else ""
            )
            if technique not in techniques:
                techniques.append(technique)
        for match in _TACTIC.finditer(reference):
            if match.group(1) not in tactics:
                tactics.append(match.group(1))
    attack = {}
    if tactics:
        attack["tactics"] = tactics
    if techniques:
        attack["techniques"] = techniques
    return attack
