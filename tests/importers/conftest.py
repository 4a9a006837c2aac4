"""Fixtures for the importer tests: source trees written from text, import results."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from fleet.findings import Finding
from fleet.importers import import_sources
from fleet.importers.model import ImportResult
from tests.conftest import REPO

WriteSources = Callable[[dict[str, str]], Path]


@pytest.fixture
def write_sources(tmp_path: Path) -> WriteSources:
    """Write ``{relative path: text}`` (dedented) under ``tmp_path/src``."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "src"
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return write


def split_files(text: str) -> dict[str, str]:
    """``--- path`` lines start files, as in the examples of fleet/codes/."""
    files: dict[str, str] = {}
    current = ""
    for line in text.splitlines(keepends=True):
        if line.startswith("--- "):
            current = line[4:].strip()
            files[current] = ""
        elif current:
            files[current] += line
    return files


def run(root: Path, group: str | None = None) -> ImportResult:
    return import_sources([root], group)


def where(findings: list[Finding], code: str) -> list[tuple[str, int, int]]:
    """(file name, line, column) of every finding with ``code``."""
    return [
        (Path(f.pos.file).name, f.pos.line, f.pos.column)
        for f in findings
        if f.code == code
    ]


def only(result: ImportResult, code: str) -> Finding:
    found = [f for f in result.findings if f.code == code]
    assert len(found) == 1, [f.as_text() for f in result.findings]
    return found[0]


def pack(result: ImportResult, name: str) -> dict[str, object]:
    """A pack's fields and queries as plain data, for exact comparisons."""
    for draft in result.packs:
        if draft.name == name:
            return {
                **draft.ordered(),
                "queries": {q.name: q.ordered() for q in draft.queries.values()},
            }
    raise AssertionError(f"no pack {name}: {[p.name for p in result.packs]}")


def fleet_import(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command line: ``python -m fleet import ARGS`` from the repository."""
    return fleet("import", *args)


def fleet(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fleet", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root``: relative POSIX path to bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
