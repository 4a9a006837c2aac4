"""Read osquery's own view of many hosts from a results export, streamed.

The export is JSON lines as osquery's filesystem logger writes them: ``name``,
``hostIdentifier``, ``calendarTime``, ``unixTime``, ``action``, ``decorations``, and
the rows as ``snapshot`` (snapshot format), ``columns`` (event format, one row per
line, ``action`` added or removed) or ``diffResults`` (batch format, ``added`` and
``removed``). The file is read line by line and never held whole; per host only the
latest state of each table is kept, and of each row only the columns drift uses.

Which table a result comes from is recognised by its columns, whatever the query
is called, checked in this order:

| table | the rows have at least |
| --- | --- |
| ``osquery_info`` | ``config_hash`` |
| ``osquery_schedule`` | ``name``, ``interval``, ``denylisted`` (or ``blacklisted``) |
| ``osquery_packs`` | ``name`` and ``active`` |
| ``osquery_flags`` | ``name``, ``value`` and ``default_value`` |

An empty snapshot has no columns: it counts for the table its query was recognised
as earlier, or whose name (``osquery_schedule`` ...) the query name contains. A
snapshot replaces the table's rows unless an older one arrives after it; added and
removed rows apply in file order, keyed by ``name``, and a run with ``counter`` 0
(the query's first run) starts the table afresh. A table the export lacks for a
host, or has only changes to (no snapshot, no first run), is not known whole: the
host is then an error (``read-incomplete``), never in sync.

A line longer than ``MAX_LINE`` bytes is skipped unread (a warning names the file
and line) and reading goes on. A line nested more than ``MAX_DEPTH`` levels deep is
skipped and counted like one that is not JSON. An export from which nothing about
any host was learned (empty, not JSON lines, or results of no table drift reads) is
an error: drift would otherwise report no hosts and exit 0.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from fleet.drift.model import OsqueryView, Unread
from fleet.drift.parse import too_deep
from fleet.errors import FleetError
from fleet.findings import Finding, Pos, Severity

MAX_LINE = 16 * 1024 * 1024  # bytes; longer lines are skipped, never held whole
MAX_DEPTH = 64  # nesting levels of a line (the object itself is one); deeper: skipped
CHUNK = 1024 * 1024

KEEP = {
    "info": ("version", "config_hash", "config_valid", "build_platform"),
    "schedule": ("name", "query", "interval", "denylisted"),
    "packs": ("name", "platform", "version", "shard", "active"),
    "flags": ("name", "value"),
}


def recognise(columns: Iterable[str]) -> str | None:
    """The osquery_* table a result row comes from, by its columns."""
    cols = set(columns)
    if "config_hash" in cols:
        return "info"
    if {"name", "interval"} <= cols and cols & {"denylisted", "blacklisted"}:
        return "schedule"
    if {"name", "active"} <= cols:
        return "packs"
    if {"name", "value", "default_value"} <= cols:
        return "flags"
    return None


def _by_name(query_name: str) -> str | None:
    return next((t for t in KEEP if f"osquery_{t}" in query_name), None)


def _keep(table: str, row: Mapping[str, object]) -> dict[str, str]:
    if "blacklisted" in row and "denylisted" not in row:
        row = {**row, "denylisted": row["blacklisted"]}
    # Every host reports the same names and SQL: one shared copy of each string.
    return {
        c: sys.intern(str(row[c]))
        for c in KEEP[table]
        if c in row and row[c] is not None
    }


@dataclass(slots=True)
class _HostTables:
    rows: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    snapshot_time: dict[str, int] = field(default_factory=dict)
    reset_at: dict[str, int] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)  # a snapshot or a first run seen
    newest: int = -1
    as_of: str = ""

    def view(self) -> OsqueryView:
        info = self.rows.get("info")
        flags = self.rows.get("flags")
        return OsqueryView(
            "results",
            info=next(iter(info.values()), {}) if info is not None else None,
            schedule=self.rows.get("schedule"),
            packs=self.rows.get("packs"),
            flags=(
                {k: v.get("value", "") for k, v in flags.items()}
                if flags is not None
                else None
            ),
            as_of=self.as_of,
            unread=[
                Unread(f"osquery_{table}", reason)
                for table in KEEP
                if (reason := self._unread(table))
            ],
        )

    def _unread(self, table: str) -> str:
        if table not in self.rows:
            return "the results export has no results of it for this host"
        if table not in self.whole:
            return (
                "the results export has only changes to it for this host, not a "
                "snapshot or its first run (counter 0), so its rows are not known"
            )
        return ""


@dataclass(slots=True)
class ResultsExport:
    views: dict[str, OsqueryView]
    lines: int = 0
    skipped: int = 0  # malformed lines, or results of no recognised table
    findings: list[Finding] = field(default_factory=list)  # lines too long


class _Reader:
    def __init__(self) -> None:
        self.hosts: dict[str, _HostTables] = {}
        self.tables: dict[str, str] = {}  # query name -> table, once recognised

    def table_of(self, name: str, rows: list[Mapping[str, object]]) -> str | None:
        table = recognise(rows[0]) if rows else None
        table = table or self.tables.get(name) or _by_name(name)
        if table:
            self.tables[name] = table
        return table

    def add(self, item: Mapping[str, object]) -> bool:
        host, name = item.get("hostIdentifier"), item.get("name")
        if not isinstance(host, str) or not isinstance(name, str):
            return False
        unix = item.get("unixTime")
        when = (
            int(unix)
            if isinstance(unix, (int, float, str)) and str(unix).isdigit()
            else 0
        )
        state = self.hosts.setdefault(host, _HostTables())
        if "snapshot" in item:
            rows = [r for r in _list(item["snapshot"]) if isinstance(r, Mapping)]
            table = self.table_of(name, rows)
            if table is None or when < state.snapshot_time.get(table, -1):
                return table is not None
            state.rows[table] = {_key(table, r): _keep(table, r) for r in rows}
            state.snapshot_time[table] = when
            state.whole.add(table)
        else:
            diff = item.get("diffResults")
            if isinstance(diff, Mapping):
                added, removed = _list(diff.get("added")), _list(diff.get("removed"))
            elif isinstance(item.get("columns"), Mapping):
                one = _list([item["columns"]])
                added, removed = (
                    (one, []) if item.get("action") != "removed" else ([], one)
                )
            else:
                return False
            table = self.table_of(
                name, [r for r in added + removed if isinstance(r, Mapping)]
            )
            if table is None:
                return False
            current = state.rows.setdefault(table, {})
            if item.get("counter") in (0, "0"):
                state.whole.add(table)
                if state.reset_at.get(name) != when:
                    current.clear()
                    state.reset_at[name] = when
            for row in (r for r in removed if isinstance(r, Mapping)):
                key = _key(table, row)
                if current.get(key) == _keep(table, row):
                    del current[key]
            for row in (r for r in added if isinstance(r, Mapping)):
                current[_key(table, row)] = _keep(table, row)
        if when >= state.newest:
            state.newest = when
            calendar = item.get("calendarTime")
            state.as_of = calendar if isinstance(calendar, str) else _iso(when)
        return True


def _list(value: object) -> list[Mapping[str, object]]:
    return (
        [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []
    )


def _key(table: str, row: Mapping[str, object]) -> str:
    return "" if table == "info" else str(row.get("name", ""))


def _iso(unix: int) -> str:
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lines(fh: BinaryIO) -> Iterator[bytes | None]:
    """Each line of ``fh``, or None for one longer than MAX_LINE (skipped unread)."""
    while first := fh.readline(CHUNK):
        parts, size = [first], len(first)
        while not parts[-1].endswith(b"\n") and size <= MAX_LINE:
            more = fh.readline(CHUNK)
            if not more:
                break
            parts.append(more)
            size += len(more)
        if size <= MAX_LINE:
            yield b"".join(parts)
            continue
        parts.clear()
        while (rest := fh.readline(CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield None


def _parse(raw: bytes) -> object | None:
    """One line's JSON, or None when it is not JSON or nested past MAX_DEPTH.

    A line nested deeper than Python's recursion limit makes ``json.loads`` raise
    RecursionError: it is one bad line like any other, not the end of the run.
    """
    try:
        item: object = json.loads(raw.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return item  # cannot be nested deeper: the common case, nothing to walk
    return None if too_deep(item, MAX_DEPTH) else item


@dataclass(slots=True)
class _FileCounts:
    lines: int = 0
    learned: int = 0
    malformed: int = 0  # not JSON
    too_long: int = 0

    def nothing_learned(self, path: Path) -> FleetError:
        if not self.lines:
            what = "it is empty"
        else:
            unrelated = self.lines - self.malformed - self.too_long
            parts = [
                f"{count} {words}"
                for count, words in (
                    (self.malformed, "not JSON"),
                    (self.too_long, "too long"),
                    (unrelated, "from no osquery_* table drift reads"),
                )
                if count
            ]
            what = f"of its {self.lines} line(s), " + ", ".join(parts)
        return FleetError(
            f"nothing about any host was learned from results export {path}: {what}",
            "give the filesystem logger's results of the osquery_info, "
            "osquery_schedule, osquery_packs and osquery_flags queries; see "
            "docs/drift.md",
        )


def _read_file(path: Path, reader: _Reader, export: ResultsExport) -> _FileCounts:
    counts = _FileCounts()
    with path.open("rb") as fh:
        for number, raw in enumerate(_lines(fh), 1):
            if raw is not None and not raw.strip():
                continue
            counts.lines += 1
            if raw is None:
                counts.too_long += 1
                export.findings.append(_too_long(path, number))
                continue
            item = _parse(raw)
            if item is None:
                counts.malformed += 1
                continue
            if isinstance(item, Mapping) and reader.add(item):
                counts.learned += 1
    return counts


def read_results(paths: Iterable[Path]) -> ResultsExport:
    """osquery's view of every host in the exports, streamed line by line.

    Raises FleetError for an export that cannot be read or taught nothing.
    """
    reader = _Reader()
    export = ResultsExport({})
    for path in paths:
        try:
            counts = _read_file(path, reader, export)
        except OSError as exc:
            raise FleetError(
                f"cannot read results export {path}: {exc.strerror}"
            ) from exc
        if not counts.learned:
            raise counts.nothing_learned(path)
        export.lines += counts.lines - counts.too_long
        export.skipped += counts.lines - counts.too_long - counts.learned
    export.views = {
        host: tables.view() for host, tables in reader.hosts.items() if tables.rows
    }
    return export


def _too_long(path: Path, number: int) -> Finding:
    return Finding(
        "results-line-too-long",
        Severity.WARNING,
        f"line longer than {MAX_LINE // (1024 * 1024)} MiB: skipped",
        Pos(str(path), number, 1),
        "a line of osquery's filesystem logger is one result; this one is not",
    )
