"""Fixtures shared by every test: the shared folder, the real schema, inventories."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SCHEMA_FILE = SHARED / "osquery-schema" / "5.23.1.json"
CORPUS = SHARED / "corpus"

BASE_ROOT = """\
version: "1.0.0"
osquery_version: "5.12.1"
targets:
  t:
    platforms: [linux, darwin, windows]
    packs: ['*']
"""
BASE_PACK = """\
queries:
  q:
    query: SELECT pid FROM processes
    interval: 60
"""

WriteInventory = Callable[..., Path]


@pytest.fixture
def write_inventory(tmp_path: Path) -> WriteInventory:
    """Write an inventory: ``fleet.yml`` text and ``{relative path: text}`` files.

    Texts are dedented. Without arguments it writes a small valid inventory: one
    target over every platform and one pack ``packs/g/p.yml`` with a README.
    """

    def write(root: str | None = None, files: dict[str, str] | None = None) -> Path:
        inv = tmp_path / "inv"
        inv.mkdir(exist_ok=True)
        (inv / "fleet.yml").write_text(
            textwrap.dedent(root or BASE_ROOT), encoding="utf-8"
        )
        chosen = {"packs/g/p.yml": BASE_PACK} if files is None else files
        for rel, text in chosen.items():
            path = inv / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
            readme = path.parent / "README.md"
            if rel.startswith("packs/") and not readme.exists():
                readme.write_text("# runbook\n", encoding="utf-8")
        return inv

    return write


@pytest.fixture(scope="session")
def schema_file() -> Path:
    assert SCHEMA_FILE.is_file(), f"the shared schema is missing at {SCHEMA_FILE}"
    return SCHEMA_FILE
