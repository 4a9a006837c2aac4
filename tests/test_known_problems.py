"""Every real-world failure kind in ../shared/cases/known-problems.md has a test.

Each case is covered where its behaviour lives (load, validate, compile, import,
render, drift); this keeps the list honest when cases are added: a test that covers
case K07 names it (``K07`` or ``k07``) in its name or docstring.
"""

from __future__ import annotations

import re

from tests.conftest import REPO, SHARED


def test_every_known_problem_is_named_by_a_test() -> None:
    cases = re.findall(
        r"^### (K\d\d)", (SHARED / "cases" / "known-problems.md").read_text(), re.M
    )
    assert len(cases) >= 27
    tests = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (REPO / "tests").rglob("test_*.py")
        if p.name != "test_known_problems.py"
    ).lower()
    missing = [case for case in cases if case.lower() not in tests]
    assert missing == []
