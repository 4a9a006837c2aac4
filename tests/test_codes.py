"""Every documented check: its failing example reports it, its passing one does not."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fleet.codes import BY_CODE, CHECKS, Check, markdown
from fleet.load.inventory import load_inventory
from fleet.schema import load_schema_file
from fleet.validate.run import validate_inventory
from tests.conftest import BASE_PACK, BASE_ROOT, REPO, WriteInventory

TESTED = [c for c in CHECKS if c.bad and c.place != "import"]


def split_files(text: str) -> dict[str, str]:
    files: dict[str, str] = {}
    current = ""
    for line in text.splitlines(keepends=True):
        if line.startswith("--- "):
            current = line[4:].strip()
            files[current] = ""
        else:
            files[current] += line
    return files


def place(check: Check, example: str, write: WriteInventory) -> Path:
    if check.place == "query":
        body = textwrap.indent(example, "    ")
        return write(files={"packs/g/p.yml": "queries:\n  q:\n" + body})
    if check.place == "pack":
        return write(files={"packs/g/p.yml": example})
    if check.place == "target":
        root = (
            BASE_ROOT.split("  t:\n")[0] + "  t:\n" + textwrap.indent(example, "    ")
        )
        return write(root=root)
    if check.place == "root":
        return write(root=example)
    if check.place == "files":
        return write(files=split_files(example))
    raise AssertionError(f"unknown place {check.place}")


def findings_for(inv: Path, schema_file: Path | None) -> set[tuple[str, str, int, int]]:
    schema = load_schema_file(schema_file) if schema_file else None
    report = validate_inventory(load_inventory(inv), schema)
    return {
        (f.code, shown(Path(f.pos.file), inv), f.pos.line, f.pos.column)
        for f in report.findings
    }


def shown(path: Path, inv: Path) -> str:
    return (path.relative_to(inv) if path.is_absolute() else path).as_posix()


def codes_for(inv: Path, schema_file: Path | None) -> set[str]:
    return {code for code, *_ in findings_for(inv, schema_file)}


@pytest.mark.parametrize("check", TESTED, ids=[c.code for c in TESTED])
def test_bad_example_reports_the_code_at_its_place(
    check: Check, write_inventory: WriteInventory, schema_file: Path
) -> None:
    """Placed as place() says: a query's body under 'queries: q:' of packs/g/p.yml
    (from line 3, column 5), a target's body under 'targets: t:' of fleet.yml (from
    line 5, column 5), a pack or fleet.yml or files as written."""
    inv = place(check, check.bad, write_inventory)
    assert check.at is not None, f"{check.code} has no documented position"
    assert (check.code, *check.at) in findings_for(inv, schema_file)


@pytest.mark.parametrize("check", TESTED, ids=[c.code for c in TESTED])
def test_good_example_does_not(
    check: Check, write_inventory: WriteInventory, schema_file: Path
) -> None:
    inv = place(check, check.good, write_inventory)
    assert check.code not in codes_for(inv, schema_file)


def test_baseline_inventory_is_clean(
    write_inventory: WriteInventory, schema_file: Path
) -> None:
    inv = write_inventory(files={"packs/g/p.yml": BASE_PACK})
    assert codes_for(inv, schema_file) == set()


def test_codes_are_unique() -> None:
    assert len(BY_CODE) == len(CHECKS)


def test_docs_are_generated_from_the_table() -> None:
    """docs/checks.md is fresh; regenerate: python -m fleet.codes > docs/checks.md"""
    assert (REPO / "docs" / "checks.md").read_text(encoding="utf-8") == markdown()
