"""The whole real corpus (../shared/corpus): import, load, validate, compile.

Each corpus folder is imported into its own inventory. Every file either imports or
is listed below with the precise reason it does not; the imported inventory loads
with no findings but the ones its source really has, validation reports the real
problems (and not the table aliases osquery registers), and it compiles.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from fleet.compile.config import compile_inventory
from fleet.findings import Finding, Severity
from fleet.importers import import_sources, save
from fleet.importers.model import ImportResult
from fleet.load.inventory import load_inventory
from fleet.schema import load_schema_file
from fleet.validate.run import validate_inventory
from tests.conftest import CORPUS, SCHEMA_FILE

# folder: packs, queries, files imported / files read (documentation is not read)
IMPORTED = {
    "defense-kit": (14, 42, 42, 44),
    "fleet-query-library": (11, 89, 16, 17),
    "osquery-packs": (10, 306, 10, 10),
    "osquery-test-configs": (13, 13, 9, 10),
    "palantir": (13, 381, 21, 22),
}

# Files that import nothing, and why: the first finding that says so.
NOT_IMPORTED = {
    "defense-kit/fragments/process_parents.sql": ("import-fragment", 1, 1),
    # its packs point at build output (out/*.conf) that is not in the corpus
    "defense-kit/osquery.conf": ("import-pack-missing", 14, 18),
    # a stray shell line inside a query (SOURCES.md: "near line 2409")
    "fleet-query-library/fleetdm-fleet/docs/queries.yml": ("yaml-syntax", 2409, 3),
    # osquery's deliberately broken fixture: a ',' after the document
    "osquery-test-configs/test.badconfig": ("import-json-syntax", 29, 1),
    # `wmi_script_event_consumers` is in its schedule twice (K01, found in the wild)
    "palantir/Classic/Endpoints/Windows/osquery.conf": ("duplicate-key", 234, 5),
}

ERRORS = ("yaml-syntax", "import-json-syntax", "duplicate-key")

# Load findings the sources really have (everything else must load cleanly).
LOAD = {
    "osquery-test-configs": [("version-format", "unrestricted_pack.yml", 7)],
}

# Validation with the 5.23.1 schema: the real problems, by code, per folder. The
# count is pinned where the import decides it; `...` leaves it to the validator's
# heuristics (duplicate work, per-user tables), which the import does not shape.
VALIDATION: dict[str, dict[str, object]] = {
    "defense-kit": {
        "interval-missing": 32,
        "platform-mismatch": 3,
        "platform-unknown": 4,
        # and no sql-column: yara.sigrule reads a hidden column through the alias
        # `yara`, which osquery allows
    },
    "fleet-query-library": {
        "duplicate-query": ...,
        "interval-missing": 55,
        "platform-mismatch": 2,
        "platform-unknown": 12,
        "sql-double-backslash": 1,
        "sql-required-column": 1,
        "sql-table": 5,
        "sql-user-data": ...,
    },
    "osquery-packs": {
        "duplicate-query": ...,
        "platform-distro": 3,
        "platform-mismatch": 1,
        "sql-table": 1,
        "sql-user-data": ...,
    },
    "osquery-test-configs": {
        "decorator-interval": 1,
        "duplicate-query": ...,
        "pack-empty": 4,
        "path-category": 2,
        "platform-mismatch": 6,
        "platform-unknown": 4,
        "version-format": 1,
    },
    "palantir": {
        "duplicate-query": ...,
        # the Windows config points config_path elsewhere; macOS reads over TLS
        "flag-layout": 2,
        "interval-missing": 2,
        "option-unknown": 1,
        "platform-distro": 4,
        "setting-conflict": 19,
        "sql-table": 3,
        "sql-user-data": ...,
    },
}

# Findings the brief singles out: (folder, code, file name, text in the message).
MUST_REPORT = [
    ("osquery-packs", "sql-table", "vuln-management.yml", "opera_extensions"),
    ("osquery-packs", "platform-distro", "it-compliance.yml", "'gentoo'"),
    ("defense-kit", "platform-unknown", "c2.yml", "'macos'"),
    ("defense-kit", "platform-unknown", "persistence.yml", "'macos'"),
    ("defense-kit", "platform-unknown", "incident_response.yml", "'Linux'"),
]

FOLDERS = sorted(IMPORTED)


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[ImportResult, Path]]:
    out = {}
    for folder in FOLDERS:
        result = import_sources([CORPUS / folder])
        target = tmp_path_factory.mktemp(folder) / "inventory"
        assert save(result, target).files
        out[folder] = (result, target)
    return out


@pytest.fixture(scope="module")
def validated(
    imported: dict[str, tuple[ImportResult, Path]],
) -> dict[str, list[Finding]]:
    schema = load_schema_file(SCHEMA_FILE)
    return {
        folder: validate_inventory(load_inventory(path), schema).findings
        for folder, (_, path) in imported.items()
    }


def test_every_corpus_folder_is_covered() -> None:
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) == FOLDERS


@pytest.mark.parametrize("folder", FOLDERS)
def test_counts(folder: str, imported: dict[str, tuple[ImportResult, Path]]) -> None:
    result, _ = imported[folder]
    counts = (
        len(result.packs),
        sum(len(p.queries) for p in result.packs),
        len(result.imported),
        len(result.files),
    )
    assert counts == IMPORTED[folder]


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_file_imports_or_says_why(
    folder: str, imported: dict[str, tuple[ImportResult, Path]]
) -> None:
    result, _ = imported[folder]
    missing = {_rel(f) for f in result.files} - {_rel(f) for f in result.imported}
    expected = {k for k in NOT_IMPORTED if k.startswith(folder + "/")}
    assert missing == expected
    for rel in expected:
        code, line, column = NOT_IMPORTED[rel]
        first = next(
            f for f in result.findings if _rel(f.pos.file) == rel and f.code == code
        )
        assert (first.pos.line, first.pos.column) == (line, column)


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_file_fails_exactly_when_it_has_an_error(
    folder: str, imported: dict[str, tuple[ImportResult, Path]]
) -> None:
    result, _ = imported[folder]
    with_errors = {
        _rel(f.pos.file) for f in result.findings if f.severity is Severity.ERROR
    }
    assert {_rel(f) for f in result.failed} == with_errors
    assert with_errors == {
        k
        for k, (code, _, _) in NOT_IMPORTED.items()
        if k.startswith(folder + "/") and code in ERRORS
    }


@pytest.mark.parametrize("folder", FOLDERS)
def test_imported_inventory_loads_with_only_real_findings(
    folder: str, imported: dict[str, tuple[ImportResult, Path]]
) -> None:
    _, path = imported[folder]
    findings = load_inventory(path).findings
    assert [(f.code, Path(f.pos.file).name, f.pos.line) for f in findings] == LOAD.get(
        folder, []
    )


@pytest.mark.parametrize("folder", FOLDERS)
def test_validation_reports_the_real_problems(
    folder: str, validated: dict[str, list[Finding]]
) -> None:
    counts = Counter(f.code for f in validated[folder])
    assert set(counts) == set(VALIDATION[folder])
    pinned = {c: n for c, n in VALIDATION[folder].items() if n is not ...}
    assert {c: counts[c] for c in pinned} == pinned


@pytest.mark.parametrize(
    "case", MUST_REPORT, ids=[f"{c[0]}-{c[3]}" for c in MUST_REPORT]
)
def test_named_problems_are_reported(
    case: tuple[str, str, str, str], validated: dict[str, list[Finding]]
) -> None:
    folder, code, file, text = case
    assert any(
        f.code == code and Path(f.pos.file).name == file and text in f.message
        for f in validated[folder]
    )


def test_table_aliases_are_not_unknown_tables(
    validated: dict[str, list[Finding]],
) -> None:
    """incident-response and it-compliance query alf_services, an alias osquery has."""
    tables = [f for f in validated["osquery-packs"] if f.code == "sql-table"]
    assert all("alf_services" not in f.message for f in tables)
    assert len(tables) == 1


@pytest.mark.parametrize("folder", FOLDERS)
def test_imported_inventory_compiles(
    folder: str, imported: dict[str, tuple[ImportResult, Path]]
) -> None:
    _, path = imported[folder]
    compiled = compile_inventory(load_inventory(path))
    assert list(compiled) == ["imported"]
    assert compiled["imported"].config["packs"]


def test_the_whole_corpus_at_once_is_deterministic_and_loads(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    save(import_sources([CORPUS]), first)
    save(import_sources([CORPUS]), second)
    assert _tree(first) == _tree(second)
    assert sorted(f.code for f in load_inventory(first).findings) == [
        "version-format",
    ]


def test_a_backspace_from_a_windows_path_is_written_back_as_the_path(
    imported: dict[str, tuple[ImportResult, Path]],
) -> None:
    """Palantir's 'c:\\backuptool.exe' in a JSON string and in double-quoted YAML:
    the \\b is a backspace; imported as the text \\b, which restores the path."""
    result, path = imported["palantir"]
    found = [f for f in result.findings if f.code == "import-control-character"]
    assert [(Path(f.pos.file).name, f.pos.line, f.pos.column) for f in found] == [
        ("security-tooling-checks.conf", 19, 22),
        ("security-tooling-checks.yaml", 15, 18),
        ("security-tooling-checks.yaml", 47, 16),
    ]
    descriptions = [
        pack.queries["backup_tool_not_running"].description
        for pack in load_inventory(path).packs.values()
        if "backup_tool_not_running" in pack.queries
    ]
    assert descriptions == [
        "Returns an event if a BackupTool process is not found running from "
        "'/Applications/BackupTool' (OSX) or 'c:\\backuptool.exe' (Windows)"
    ]


def _rel(shown: str) -> str:
    return Path(shown).resolve().relative_to(CORPUS).as_posix()


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
