"""Loading: positions survive from YAML into every finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleet.cli import app
from fleet.load.inventory import load_inventory
from tests.conftest import BASE_PACK, WriteInventory


def found(inv: Path) -> list[tuple[str, int, int]]:
    return [(f.code, f.pos.line, f.pos.column) for f in load_inventory(inv).findings]


def test_duplicate_key_names_both_places(write_inventory: WriteInventory) -> None:
    """K01: the second 'listening' is an error that points back at the first."""
    inv = write_inventory(
        files={
            "packs/g/p.yml": """\
        queries:
          listening:
            query: SELECT pid, port FROM listening_ports
            interval: 300
          listening:
            query: SELECT pid, port, address FROM listening_ports
            interval: 60
        """
        }
    )
    findings = load_inventory(inv).findings
    assert [(f.code, f.pos.line, f.pos.column) for f in findings] == [
        ("duplicate-key", 5, 3)
    ]
    assert findings[0].message == (
        "duplicate key 'listening' (first defined at line 2, column 3)"
    )
    assert findings[0].related[0].line == 2
    assert findings[0].pos.path == "queries.listening"


def test_syntax_error_is_a_finding_with_a_hint(write_inventory: WriteInventory) -> None:
    """An unquoted ': ' inside SQL: a finding at the parser's place, not a traceback."""
    inv = write_inventory(
        files={
            "packs/g/p.yml": """\
        queries:
          q:
            query: SELECT name FROM users WHERE shell = 'x: y'
            interval: 60
        """
        }
    )
    findings = load_inventory(inv).findings
    assert [(f.code, f.pos.line, f.pos.column) for f in findings] == [
        ("yaml-syntax", 3, 51)
    ]
    assert "block scalar" in findings[0].hint


def test_yaml11_surprises(write_inventory: WriteInventory) -> None:
    """K09 and friends: yes/off, octal, a version read as a float, a quoted number."""
    inv = write_inventory(
        files={
            "packs/g/p.yml": """\
        queries:
          os_ver:
            query: SELECT name, version FROM os_version
            interval: 010
            snapshot: "true"
            removed: off
            version: 5.10
          uptime:
            query: SELECT total_seconds FROM uptime
            interval: "600"
            description: no
        """
        }
    )
    assert sorted(found(inv)) == [
        ("bool-string", 5, 15),
        ("number-string", 10, 15),
        ("version-number", 7, 14),
        ("yaml11-boolean", 6, 14),
        ("yaml11-number", 4, 15),
        ("yaml11-type", 11, 18),
    ]


def test_unknown_keys_suggest_the_right_one(write_inventory: WriteInventory) -> None:
    """K12: every typo in one run, each with its suggestion."""
    inv = write_inventory(
        files={
            "packs/g/p.yml": """\
        queries:
          logins:
            query: SELECT username, time FROM last WHERE type = 7
            interval: 60
            remove: false
            snapshto: true
            blacklist: false
        """
        }
    )
    findings = load_inventory(inv).findings
    assert [(f.code, f.pos.line, f.pos.column, f.hint) for f in findings] == [
        ("unknown-key", 5, 5, "did you mean 'removed'?"),
        ("unknown-key", 6, 5, "did you mean 'snapshot'?"),
        (
            "unknown-key",
            7,
            5,
            "osquery 5 removed 'blacklist' and ignores it; write 'denylist'",
        ),
    ]


def test_file_paths_inside_queries_is_not_a_query(
    write_inventory: WriteInventory,
) -> None:
    """K04: a file_paths block pasted among the queries."""
    inv = write_inventory(
        files={
            "packs/g/fim_pack.yml": """\
        queries:
          fim: {query: "SELECT target_path, action FROM file_events", interval: 300}
          file_paths:
            ssh: ["/root/.ssh/%%"]
        """
        }
    )
    inventory = load_inventory(inv)
    assert [
        (f.code, f.pos.line, f.pos.column, f.pos.path) for f in inventory.findings
    ] == [("missing-key", 3, 3, "queries.file_paths")]
    assert "move it to the target" in inventory.findings[0].hint
    assert list(inventory.packs["fim_pack"].queries) == ["fim"]


def test_comment_cuts_unquoted_sql(write_inventory: WriteInventory) -> None:
    inv = write_inventory(
        files={
            "packs/g/p.yml": """\
        queries:
          q:
            query: SELECT pid FROM processes WHERE name = 'a' # b'
            interval: 60
        """
        }
    )
    assert found(inv) == [("yaml-comment-cut", 3, 12)]


def test_bad_utf8_points_at_the_byte(write_inventory: WriteInventory) -> None:
    inv = write_inventory()
    (inv / "packs/g/p.yml").write_bytes(b"queries:\n  q:\n    query: SELECT '\xff'\n")
    assert found(inv) == [("encoding", 3, 20)]


def test_pack_outside_a_group(write_inventory: WriteInventory) -> None:
    inv = write_inventory(files={"packs/loose.yml": "queries: {}\n"})
    assert found(inv) == [("pack-location", 1, 1)]


def test_sql_positions_map_into_block_scalars(write_inventory: WriteInventory) -> None:
    inv = write_inventory(
        files={
            "packs/g/p.yml": """\
        queries:
          q:
            query: |
              SELECT pid
              FROM processes;
            interval: 60
          r:
            query: 'SELECT 1'
            interval: 60
        """
        }
    )
    pack = load_inventory(inv).packs["p"]
    q, r = pack.queries["q"].sql, pack.queries["r"].sql
    assert q.text == "SELECT pid\nFROM processes"
    assert (q.pos_at(16).line, q.pos_at(16).column) == (5, 12)  # the 'p' of processes
    assert r.text == "SELECT 1"
    assert (r.pos_at(7).line, r.pos_at(7).column) == (8, 20)  # the '1'


def test_defaults_fill_unset_fields(write_inventory: WriteInventory) -> None:
    inv = write_inventory(
        root="""\
        version: "1.0.0"
        defaults: {interval: 900, removed: false, owner: soc}
        targets:
          t: {platforms: [linux], packs: ['*']}
        """,
        files={
            "packs/g/p.yml": """\
        queries:
          a: {query: SELECT 1}
          b: {query: SELECT 2, interval: 60, removed: true, owner: ir}
        """
        },
    )
    queries = load_inventory(inv).packs["p"].queries
    assert (queries["a"].interval, queries["a"].removed, queries["a"].owner) == (
        900,
        False,
        "soc",
    )
    assert (queries["b"].interval, queries["b"].removed, queries["b"].owner) == (
        60,
        True,
        "ir",
    )


def test_links_out_of_the_inventory_are_not_read(
    write_inventory: WriteInventory, tmp_path: Path
) -> None:
    """A pull request could link a pack to a file on the CI runner."""
    secret = tmp_path / "elsewhere.yml"
    secret.write_text("version: ghp_NOT_FOR_YOUR_EYES_1234567890\n")
    inv = write_inventory()
    (inv / "packs/g/env.yml").symlink_to(secret)
    (inv / "packs/g/inside.yml").symlink_to(inv / "packs/g/p.yml")
    inventory = load_inventory(inv)
    assert found(inv) == [("pack-location", 1, 1)]
    assert inventory.findings[0].pos.file.endswith("env.yml")
    assert "ghp_" not in inventory.findings[0].message
    assert set(inventory.packs) == {"p", "inside"}


def test_an_alias_bomb_is_refused_before_it_expands(
    write_inventory: WriteInventory,
) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    inv = write_inventory(
        root='version: "1.0.0"\ntargets:\n  t:\n    platforms: [linux]\n'
        "    packs: ['*']\n    yara:\n" + "".join(f"      {line}\n" for line in lines)
    )
    assert found(inv) == [("yaml-alias", 12, 10)]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("x: &a [*a]\n", (7, 10)),
        ("x: &a {k: *a}\n", (7, 10)),
        ("x: &a\n  - [1, *a]\n", (7, 10)),
    ],
)
def test_an_alias_inside_its_own_anchor_is_refused(
    write_inventory: WriteInventory, text: str, where: tuple[int, int]
) -> None:
    """A recursive alias would never end for anything walking the values."""
    inv = write_inventory(
        root='version: "1.0.0"\ntargets:\n  t:\n    platforms: [linux]\n'
        "    packs: ['*']\n    yara:\n"
        + "".join(f"      {line}\n" for line in text.splitlines())
    )
    assert found(inv) == [("yaml-alias", *where)]
    [finding] = load_inventory(inv).findings
    assert "refers to the value that contains it" in finding.message


def test_inventory_option_takes_a_directory_not_a_pack_file(
    write_inventory: WriteInventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-i with a pack file is one clear message and exit 3, as for a directory
    without fleet.yml; no finding at a fleet.yml that does not exist."""
    inv = write_inventory()
    monkeypatch.chdir(inv)
    result = CliRunner().invoke(app, ["validate", "-i", "packs/g/p.yml"])
    assert result.exit_code == 3
    assert result.output == (
        "fleet: error: packs/g/p.yml is a file; --inventory (-i) takes the "
        "inventory directory, the one holding fleet.yml (pass -i .)\n"
    )
    assert CliRunner().invoke(app, ["validate", "-i", "packs/g"]).exit_code == 3
    assert CliRunner().invoke(app, ["validate", "-i", "fleet.yml"]).exit_code == 0


def test_group_names_follow_the_pack_name_rule(
    write_inventory: WriteInventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group directory name such as 'a,b:c' or one holding a line break is an
    error at its README (or the directory); every report stays one line each."""
    inv = write_inventory(
        files={
            "packs/a,b:c/p.yml": BASE_PACK,
            "packs/x\ny/q.yml": BASE_PACK.replace("q:", "r:"),
        }
    )
    (inv / "packs" / "x\ny" / "README.md").unlink()
    monkeypatch.chdir(inv)
    findings = load_inventory(Path(".")).findings
    assert [(f.code, f.pos.file, f.pos.line, f.pos.column) for f in findings] == [
        ("name-unsafe", "packs/a,b:c/README.md", 1, 1),
        ("name-unsafe", "packs/x\\x0ay", 1, 1),
        ("group-readme", "packs/x\\x0ay/q.yml", 1, 1),
    ]
    assert findings[1].message == (
        "group name 'x\\x0ay' must start with a letter or digit and hold only "
        "letters, digits, '_' and '-' (at most 128)"
    )
    assert all("\n" not in f.as_text() for f in findings)


def test_group_readme_points_at_a_pack_file_that_did_not_load(
    write_inventory: WriteInventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The group's first pack file, loaded or not: never the directory as a file."""
    inv = write_inventory(files={"packs/g/p.yml": "queries: [\n"})
    (inv / "packs" / "g" / "README.md").unlink()
    monkeypatch.chdir(inv)
    found = [
        (f.code, f.pos.file, f.pos.line, f.pos.column)
        for f in load_inventory(Path(".")).findings
    ]
    assert found == [
        ("yaml-syntax", "packs/g/p.yml", 2, 1),
        ("group-readme", "packs/g/p.yml", 1, 1),
    ]


def test_numbers_yaml_1_1_reads_otherwise(write_inventory: WriteInventory) -> None:
    """'1_000' is 1000 to YAML 1.1 and text to YAML 1.2, like 010 and 1:30: an
    error wherever a number is read (queries, settings, passed-through keys)."""
    inv = write_inventory(
        root="""\
        version: "1.0.0"
        targets:
          t:
            platforms: [linux]
            packs: ['*']
            options: {distributed_interval: 1_000, custom_ratio: 1_0.5}
            flags: {custom_split: 1:30.5, custom_real: 2.5}
            events: {disable_subscribers: [], ratio: 1_5}
        """,
        files={
            "packs/g/p.yml": """\
        queries:
          q:
            query: SELECT pid FROM processes
            interval: 1_000
          r:
            query: SELECT pid FROM processes
            interval: 1:30
          s:
            query: SELECT pid FROM processes
            interval: "1_000"
        """
        },
    )
    findings = load_inventory(inv).findings
    assert sorted(
        (f.code, Path(f.pos.file).name, f.pos.line, f.pos.column) for f in findings
    ) == [
        ("type", "p.yml", 10, 15),
        ("yaml11-number", "fleet.yml", 6, 37),
        ("yaml11-number", "fleet.yml", 6, 58),
        ("yaml11-number", "fleet.yml", 7, 27),
        ("yaml11-number", "fleet.yml", 8, 46),
        ("yaml11-number", "p.yml", 4, 15),
        ("yaml11-number", "p.yml", 7, 15),
    ]
    interval = next(f for f in findings if f.pos.file.endswith("p.yml"))
    assert interval.message == (
        "'1_000' is the number 1000 only in YAML 1.1, which ignores '_' in numbers; "
        "YAML 1.2 tools read it as text"
    )
    assert interval.hint == "write 1000"
    assert load_inventory(inv).targets["t"].flags["custom_real"].value == 2.5
