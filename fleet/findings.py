"""Findings: what every check reports, at a file, line and column.

A finding is a small sortable value. Checks never print; they return findings, and
the CLI formats them once (text, JSON or GitHub annotations).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True, order=True)
class Pos:
    """Where something is: 1-based line and column, and the key path inside the file."""

    file: str
    line: int = 0
    column: int = 0
    path: str = ""

    def at(self, path: str) -> Pos:
        return Pos(self.file, self.line, self.column, path)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    pos: Pos
    hint: str = ""
    related: tuple[Pos, ...] = field(default=())

    @property
    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        p = self.pos
        return (p.file, p.line, p.column, self.severity.rank, self.code, self.message)

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.pos.file,
            "line": self.pos.line,
            "column": self.pos.column,
            "path": self.pos.path,
            "message": self.message,
        }
        if self.hint:
            d["hint"] = self.hint
        if self.related:
            d["related"] = [asdict(r) for r in self.related]
        return d

    def as_text(self) -> str:
        text = (
            f"{self.pos.file}:{self.pos.line}:{self.pos.column}: "
            f"{self.severity.value} {self.code} {self.message}"
        )
        if self.hint:
            text += f" ({self.hint})"
        return text


def error(code: str, pos: Pos, message: str, hint: str = "", **kw: object) -> Finding:
    return Finding(code, Severity.ERROR, message, pos, hint, **kw)  # type: ignore[arg-type]


def warning(code: str, pos: Pos, message: str, hint: str = "", **kw: object) -> Finding:
    return Finding(code, Severity.WARNING, message, pos, hint, **kw)  # type: ignore[arg-type]


def info(code: str, pos: Pos, message: str, hint: str = "", **kw: object) -> Finding:
    return Finding(code, Severity.INFO, message, pos, hint, **kw)  # type: ignore[arg-type]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    unique = {(f.sort_key, f.pos.path): f for f in findings}
    return [unique[k] for k in sorted(unique)]


def has_errors(findings: Iterable[Finding], strict: bool = False) -> bool:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.severity in failing for f in findings)


def to_json(findings: Iterable[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False)


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(findings: Iterable[Finding]) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    kind = {
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "notice",
    }
    lines = []
    for f in findings:
        props = (
            f"file={_github_escape(f.pos.file, True)},line={f.pos.line},"
            f"col={f.pos.column},title={_github_escape(f.code, True)}"
        )
        body = f.message + (f" ({f.hint})" if f.hint else "")
        lines.append(f"::{kind[f.severity]} {props}::{_github_escape(body)}")
    return "\n".join(lines)
