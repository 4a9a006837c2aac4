"""``python -m fleet import``: exit codes, output formats, never overwriting."""

from __future__ import annotations

import json
from pathlib import Path

from tests.importers.conftest import WriteSources, fleet, fleet_import, tree

GOOD = {"g/p.conf": '{"queries": {"q": {"query": "SELECT 1", "interval": "60"}}}\n'}
BAD = {"g/bad.conf": '{"queries": {"q": {"query": "SELECT 1", "interval": 60},}}\n'}


def test_success_exits_0_with_findings_on_stdout(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = fleet_import(write_sources(GOOD), "--out", out)
    assert done.returncode == 0, done.stderr
    assert ' info import-converted interval is the string "60"' in done.stdout
    assert "imported 1 pack(s) with 1 query(ies) from 1 of 1 file(s)" in done.stderr
    assert sorted(tree(out)) == ["fleet.yml", "packs/g/README.md", "packs/g/p.yml"]


def test_a_failing_source_exits_1_and_the_others_are_imported(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = fleet_import(write_sources({**GOOD, **BAD}), "--out", out)
    assert done.returncode == 1
    assert (
        "bad.conf:1:56: error import-json-syntax JSON does not parse: trailing "
        "comma before '}'" in done.stdout
    )
    assert "1 file(s) had errors and were not imported" in done.stderr
    assert "the others were" in done.stderr
    assert "packs/g/p.yml" in tree(out) and "packs/g/bad.yml" not in tree(out)


def test_importing_twice_never_overwrites(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    src, out = write_sources(GOOD), tmp_path / "out"
    assert fleet_import(src, "--out", out).returncode == 0
    (out / "packs/g/p.yml").write_text("queries: {}\n# edited by hand\n")
    before = tree(out)
    done = fleet_import(src, "--out", out)
    assert done.returncode == 1
    assert "error import-conflict packs/g/p.yml exists" in done.stdout
    assert "nothing was written" in done.stderr
    assert tree(out) == before


def test_json_format_prints_the_findings_array(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    done = fleet_import(
        write_sources(GOOD), "--out", tmp_path / "o", "--format", "json"
    )
    findings = json.loads(done.stdout)
    assert [
        (f["code"], f["severity"], f["line"], f["column"], f["path"]) for f in findings
    ] == [("import-converted", "info", 1, 53, "queries.q.interval")]


def test_github_format(write_sources: WriteSources, tmp_path: Path) -> None:
    done = fleet_import(write_sources(BAD), "--out", tmp_path / "o", "-f", "github")
    assert done.stdout.startswith("::error file=")
    assert ",line=1,col=56,title=import-json-syntax::" in done.stdout


def test_missing_input_exits_3(tmp_path: Path) -> None:
    done = fleet_import(tmp_path / "nope", "--out", tmp_path / "out")
    assert done.returncode == 3
    assert "no such file or directory" in done.stderr
    assert not (tmp_path / "out").exists()


def test_unwritable_output_exits_3(write_sources: WriteSources, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory\n")
    done = fleet_import(write_sources(GOOD), "--out", blocker)
    assert done.returncode == 3
    assert "exists and is not a directory" in done.stderr


def test_nothing_to_import_exits_1(write_sources: WriteSources, tmp_path: Path) -> None:
    done = fleet_import(write_sources({"README.md": "# hi\n"}), "--out", tmp_path / "o")
    assert done.returncode == 1
    assert "nothing to import" in done.stderr
    assert not (tmp_path / "o").exists()


def test_a_bad_group_is_a_usage_error(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    done = fleet_import(write_sources(GOOD), "--out", tmp_path / "o", "--group", "a b")
    assert done.returncode == 2
    assert "--group 'a b' is not a usable name" in done.stderr


SOURCE_IN_OUTPUT = "give --out a directory outside every source"


def test_a_source_inside_the_output_is_a_usage_error(
    write_sources: WriteSources,
) -> None:
    src = write_sources(GOOD)
    before = tree(src)
    for source, out, where in (
        (src / "g", src, "lies inside"),
        (src / "g" / "p.conf", src, "lies inside"),
        (src, src, "is"),
        (src / "g", src / "g" / ".." / "g", "is"),
    ):
        done = fleet_import(source, "--out", out)
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        assert (
            f"fleet: error: source {source} {where} the output directory {out} "
            "(--out); fleet import never reads its own output, so nothing was "
            f"imported or written ({SOURCE_IN_OUTPUT}" in done.stderr
        )
        assert tree(src) == before


def test_an_output_inside_a_source_is_said_and_not_read(
    write_sources: WriteSources,
) -> None:
    src = write_sources(GOOD)
    out = src / "inventory"
    done = fleet_import(src, "--out", out)
    assert done.returncode == 0, done.stderr
    assert f"; {out} lies inside source {src}: what it holds was not read;" in (
        done.stderr
    )
    assert "from 1 of 1 file(s)" in done.stderr
    again = fleet_import(src, "--out", out)
    assert again.returncode == 1
    assert "import-unknown-file" not in again.stdout
    assert "conflicts with what" in again.stderr


def test_settings_alone_validate_and_compile_without_a_word(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    src = write_sources(
        {
            "osquery.conf": """\
                {"options": {"host_identifier": "uuid"},
                 "decorators": {"load": ["SELECT uuid FROM system_info"]},
                 "file_paths": {"etc": ["/etc/%%"]}}
                """
        }
    )
    out = tmp_path / "out"
    done = fleet_import(src, "--out", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "imported 0 pack(s) with 0 query(ies) and target settings from 1 of 1" in (
        done.stderr
    )
    assert (out / "fleet.yml").read_text() == (
        'version: "0.1.0"\n'
        "targets:\n"
        "  imported:\n"
        "    description: Imported by fleet import\n"
        "    platforms: [darwin, linux, windows]\n"
        "    packs: []\n"
        "    options:\n"
        "      host_identifier: uuid\n"
        "    decorators:\n"
        "      load:\n"
        "      - SELECT uuid FROM system_info\n"
        "    file_paths:\n"
        "      etc:\n"
        "      - /etc/%%\n"
    )
    validated = fleet("validate", "-i", out, "--format", "json")
    assert validated.returncode == 0, validated.stdout
    assert [f["code"] for f in json.loads(validated.stdout)] == ["schema-missing"]
    compiled = fleet("compile", "-i", out, "--out", tmp_path / "build")
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    config = json.loads((tmp_path / "build/imported/osquery.conf").read_text())
    assert config["packs"] == {}
    assert config["options"] == {"host_identifier": "uuid"}
