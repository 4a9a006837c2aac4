"""Control characters in every string that reaches a compiled file.

A Windows path in double quotes is the usual way in: YAML reads "C:\\temp\\new"
as C:<TAB>emp<LF>ew, and osquery would watch a path that does not exist.
"""

from __future__ import annotations

from pathlib import Path

from fleet.findings import Finding
from fleet.load.inventory import load_inventory
from tests.conftest import WriteInventory

HEAD = 'version: "1.0.0"\ntargets:\n  t:\n    platforms: [windows]\n    packs: ["*"]\n'


def control(inv: Path) -> list[Finding]:
    return [f for f in load_inventory(inv).findings if f.code == "control-character"]


def where(found: list[Finding]) -> list[tuple[int, int, str]]:
    return sorted((f.pos.line, f.pos.column, f.pos.path) for f in found)


def test_windows_paths_in_double_quotes(write_inventory: WriteInventory) -> None:
    inv = write_inventory(
        root=HEAD
        + '    file_paths: {x: ["C:\\temp\\new\\\\%%"], "a\\tb": [/x]}\n'
        + '    exclude_paths: {x: ["C:\\temp"]}\n'
        + '    file_accesses: ["x\\n"]\n'
        + '    yara: {signature_urls: ["C:\\temp\\new.yar"], "k\\ty": a}\n'
        + '    decorators: {load: ["SELECT 1 AS \\e[1m"]}\n'
        + '    packs_dir: "C:\\temp"\n'
    )
    found = control(inv)
    assert where(found) == [
        (6, 22, "targets.t.file_paths.x[0]"),
        (6, 42, "targets.t.file_paths.a\tb"),
        (7, 25, "targets.t.exclude_paths.x[0]"),
        (8, 21, "targets.t.file_accesses[0]"),
        (9, 29, "targets.t.yara.signature_urls[0]"),
        (9, 49, "targets.t.yara.k\ty"),
        (10, 25, "targets.t.decorators.load[0]"),
        (11, 16, "targets.t.packs_dir"),
    ]
    path_hint = [f for f in found if "single quotes" in f.hint]
    assert len(path_hint) == 7  # all but the ESC in the decorator
    first = next(f for f in found if f.pos.path == "targets.t.file_paths.x[0]")
    assert "(\\x09, \\x0a)" in first.message
    # No value with a control character is kept (and compile refuses the code).
    target = load_inventory(inv).targets["t"]
    assert target.file_paths == {"x": []}
    assert target.exclude_paths == {"x": []}
    assert target.file_accesses == []


def test_single_quotes_keep_backslashes(write_inventory: WriteInventory) -> None:
    inv = write_inventory(
        root=HEAD
        + "    file_paths: {x: ['C:\\temp\\new\\%%']}\n"
        + "    yara: {signature_urls: ['C:\\temp\\new.yar']}\n"
    )
    assert control(inv) == []
    assert load_inventory(inv).targets["t"].file_paths == {"x": ["C:\\temp\\new\\%%"]}


def test_sql_in_pass_through_values_may_break_lines(
    write_inventory: WriteInventory,
) -> None:
    inv = write_inventory(
        root=HEAD
        + '    views: {v: "SELECT 1\\nFROM x"}\n'
        + '    file_paths_query: {x: ["SELECT path\\tFROM file"]}\n'
        + "    auto_table_construction:\n"
        + '      t: {query: "SELECT a\\nFROM b", path: /x, columns: [a]}\n'
    )
    assert control(inv) == []


def test_control_characters_in_pass_through_values(
    write_inventory: WriteInventory,
) -> None:
    inv = write_inventory(root=HEAD + '    views: {v: "SELECT \\x1b[8m 1"}\n')
    assert where(control(inv)) == [(6, 16, "targets.t.views.v")]


def test_descriptions_compiled_into_packs(write_inventory: WriteInventory) -> None:
    """Pack and query descriptions are compiled; a tab or line break is JSON-escaped
    there and allowed, a control character is not."""
    inv = write_inventory(
        files={
            "packs/g/p.yml": 'description: "a\\x07"\nqueries:\n  q:\n'
            '    query: SELECT 1\n    interval: 60\n    description: "b\\x00"\n'
            '  r:\n    query: SELECT 2\n    interval: 60\n    description: "x\\ny"\n'
        }
    )
    assert where(control(inv)) == [
        (1, 14, "description"),
        (6, 18, "queries.q.description"),
    ]
