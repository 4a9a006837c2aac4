"""fleet diff output, byte for byte, in every format.

Regenerate the golden files after an intended change with:

    FLEET_UPDATE_GOLDEN=1 pytest tests/diff

and read the diff of tests/diff/golden/ before committing it.
"""

from __future__ import annotations

import os

import pytest

from fleet.diff import FORMATS, SCHEMA, diff_inventory
from tests.diff.conftest import GOLDEN, GitRepo

UPDATE = bool(os.environ.get("FLEET_UPDATE_GOLDEN"))
SUFFIX = {"text": "txt", "json": "json", "markdown": "md"}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{name} differs from its golden"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_whole_history(history: tuple[GitRepo, dict[str, str]], fmt: str) -> None:
    repo, _ = history
    report = diff_inventory(repo.path, "v1.0.0", "v1.6.0")
    check_golden(f"history.{SUFFIX[fmt]}", FORMATS[fmt](report))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_feature_branch(history: tuple[GitRepo, dict[str, str]], fmt: str) -> None:
    repo, _ = history
    repo.git("checkout", "-q", "feature")
    report = diff_inventory(repo.path, None, None)
    check_golden(f"feature.{SUFFIX[fmt]}", FORMATS[fmt](report))


def test_json_names_its_schema() -> None:
    assert SCHEMA == "fleet-diff/1"
    assert '"schema": "fleet-diff/1"' in (GOLDEN / "history.json").read_text()
