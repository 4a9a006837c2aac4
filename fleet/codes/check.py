"""The ``Check`` record every finding code is documented by, and example shorthands."""

from __future__ import annotations

from dataclasses import dataclass

from fleet.findings import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    severity: Severity
    summary: str
    place: str
    bad: str
    good: str
    schema: bool = False  # the example needs the osquery schema
    # Where the failing example is reported once placed (file, line, column); the
    # test places it as tests/test_codes.py describes.
    at: tuple[str, int, int] | None = None


Q = "query: SELECT pid FROM processes\n"
T = "platforms: [linux]\npacks: ['*']\n"
