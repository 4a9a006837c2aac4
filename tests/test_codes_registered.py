"""Every code the loader, validator and importer can emit is documented in
fleet/codes/ (drift codes have their own table in fleet/drift/codes.py)."""

from __future__ import annotations

import re

from fleet.codes import BY_CODE
from tests.conftest import REPO

EMITTED = re.compile(
    r'(?:\berror|\bwarning|\binfo|\bwarn|\bnote|PlatformProblem)\(\s*"([a-z0-9-]+)"'
)


def test_every_emitted_code_is_registered() -> None:
    found: dict[str, str] = {}
    for path in sorted((REPO / "fleet").rglob("*.py")):
        if "drift" in path.parts:
            continue
        for match in EMITTED.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), str(path.relative_to(REPO)))
    assert len(found) > 100  # the scan sees the codes at all
    assert {code: where for code, where in found.items() if code not in BY_CODE} == {}
