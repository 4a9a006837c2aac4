"""Every import check: its failing example reports it, its passing one does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleet.codes import CHECKS, Check
from tests.importers.conftest import WriteSources, run, split_files

IMPORT_CHECKS = [c for c in CHECKS if c.place == "import" and c.bad]


def codes_for(example: str, write_sources: WriteSources) -> set[str]:
    root = write_sources(split_files(example))
    return {f.code for f in run(root).findings}


@pytest.mark.parametrize("check", IMPORT_CHECKS, ids=[c.code for c in IMPORT_CHECKS])
def test_bad_example_reports_the_code(
    check: Check, write_sources: WriteSources
) -> None:
    assert check.code in codes_for(check.bad, write_sources)


@pytest.mark.parametrize("check", IMPORT_CHECKS, ids=[c.code for c in IMPORT_CHECKS])
def test_good_example_does_not(check: Check, write_sources: WriteSources) -> None:
    assert check.code not in codes_for(check.good, write_sources)


@pytest.mark.parametrize("check", IMPORT_CHECKS, ids=[c.code for c in IMPORT_CHECKS])
def test_severity_is_the_documented_one(
    check: Check, write_sources: WriteSources
) -> None:
    root = write_sources(split_files(check.bad))
    severities = {f.severity for f in run(root).findings if f.code == check.code}
    assert severities == {check.severity}


PLACED = [c for c in IMPORT_CHECKS if c.at is not None]


@pytest.mark.parametrize("check", PLACED, ids=[c.code for c in PLACED])
def test_bad_example_reports_the_code_at_its_place(
    check: Check, write_sources: WriteSources
) -> None:
    """``at`` names the file relative to the sources, as the example gives it."""
    root = write_sources(split_files(check.bad))
    assert check.at is not None
    found = {
        (f.code, _rel(f.pos.file, root), f.pos.line, f.pos.column)
        for f in run(root).findings
    }
    assert (check.code, *check.at) in found


def _rel(shown: str, root: Path) -> str:
    return Path(shown).resolve().relative_to(root.resolve()).as_posix()
