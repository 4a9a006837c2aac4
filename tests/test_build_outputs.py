"""Where ``fleet build``, ``compile`` and ``schema dump`` may write, through the real
command line: every output of a run is checked before any is written, outputs are
distinct, and fleet creates the output itself but never the directories above it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleet.cli import app
from tests.conftest import WriteInventory

ROOT = """\
version: "1.0.0"
osquery_version: "5.12.1"
targets:
  laptops:
    platforms: [darwin, linux]
    packs: ['*']
    deploy: {tool: chef, name: laptop_osquery, package_version: "5.12.1"}
  servers:
    platforms: [linux]
    packs: ['*']
    deploy: {tool: puppet, name: server_osquery, package_version: "5.12.1"}
"""
HINT = "(each output directory is replaced whole; give separate ones)"


def fleet(*args: str | Path) -> tuple[int, str]:
    """The CLI in-process: exit code and stderr."""
    return run(*args)[::2]


def run(*args: str | Path) -> tuple[int, str, str]:
    """The CLI in-process: exit code, stdout (findings) and stderr."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def listing(directory: Path) -> list[str]:
    return sorted(
        str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()
    )


@pytest.fixture
def inv(write_inventory: WriteInventory) -> Path:
    return write_inventory(root=ROOT)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            "--out {w}/X --chef-out {w}/X --puppet-out {w}/X",
            "--out and --chef-out are the same directory ({w}/X)",
        ),
        (
            "--out {w}/X --puppet-out {w}/X",
            "--out and --puppet-out are the same directory ({w}/X)",
        ),
        (
            "--chef-out {w}/X --puppet-out {w}/./X/",
            "--chef-out and --puppet-out are the same directory ({w}/X)",
        ),
        (
            "--out {w}/X --chef-out {w}/X/chef",
            "--chef-out {w}/X/chef is inside --out {w}/X",
        ),
        (
            "--puppet-out {w}/P --out {w}/P/a/b",
            "--out {w}/P/a/b is inside --puppet-out {w}/P",
        ),
        (
            "--chef-out {inv}/build/chef",
            "--chef-out {inv}/build/chef is inside --out {inv}/build",
        ),
    ],
)
def test_outputs_that_are_equal_or_nested_are_a_usage_error(
    inv: Path, options: str, message: str
) -> None:
    """Each output is replaced whole, so one would lose (or later block) another."""
    work = inv.parent / "work"
    work.mkdir()
    args = options.format(w=work, inv=inv).split()
    code, stderr = fleet("build", "-i", inv, *args)
    assert code == 2
    expected = message.format(w=work, inv=inv)
    assert stderr.splitlines()[-1] == f"fleet: error: {expected} {HINT}"
    assert listing(work) == []
    assert sorted(p.name for p in inv.iterdir()) == ["fleet.yml", "packs"]


def test_a_nested_output_does_not_work_once_and_then_fail(inv: Path) -> None:
    out = inv.parent / "out"
    code, stderr = fleet("build", "-i", inv, "--out", out, "--chef-out", out / "chef")
    assert code == 2
    assert stderr.splitlines()[-1] == (
        f"fleet: error: --chef-out {out / 'chef'} is inside --out {out} {HINT}"
    )
    assert not out.exists()


def test_check_mode_refuses_one_directory_for_both_tools(inv: Path) -> None:
    both = inv.parent / "both"
    code, stderr = fleet(
        "build", "-i", inv, "--check", "--chef-out", both, "--puppet-out", both
    )
    assert code == 2
    assert f"--chef-out and --puppet-out are the same directory ({both})" in stderr


@pytest.mark.parametrize(
    ("option", "where", "message"),
    [
        ("--puppet-out", "/", "--out {inv}/build is inside --puppet-out /"),
        ("--chef-out", "{inv}", "--out {inv}/build is inside --chef-out {inv}"),
        (
            "--chef-out",
            "{inv}/packs/g",
            "{inv}/packs/g is inside the inventory's packs/ (choose an output path "
            "outside packs/, which fleet reads)",
        ),
        (
            "--puppet-out",
            "{inv}/packs/new",
            "{inv}/packs/new is inside the inventory's packs/ (choose an output path "
            "outside packs/, which fleet reads)",
        ),
        (
            "--puppet-out",
            "{inv}/fleet.yml",
            "{inv}/fleet.yml exists and is not a directory",
        ),
    ],
)
def test_every_output_is_checked_before_any_is_written(
    inv: Path, option: str, where: str, message: str
) -> None:
    """build/ comes first, yet a bad --chef-out or --puppet-out leaves no build/."""
    before = listing(inv)
    code, stderr = fleet("build", "-i", inv, option, where.format(inv=inv))
    assert code in (2, 3)
    assert stderr.splitlines()[-1].startswith(
        f"fleet: error: {message.format(inv=inv)}"
    )
    assert listing(inv) == before
    assert sorted(p.name for p in inv.iterdir()) == ["fleet.yml", "packs"]


def test_a_refused_output_path_is_exit_3_after_nothing_was_written(inv: Path) -> None:
    """A directory fleet did not write, given for the last output: build/ and chef/
    are not written either."""
    mine = inv.parent / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    code, stderr = fleet("build", "-i", inv, "--puppet-out", mine)
    assert code == 3
    assert stderr.splitlines()[-1] == (
        f"fleet: error: {mine} holds files fleet did not write (fleet replaces its "
        "output directory whole; choose an empty or new directory)"
    )
    assert sorted(p.name for p in inv.iterdir()) == ["fleet.yml", "packs"]
    assert listing(mine) == ["notes.txt"]


@pytest.mark.parametrize(
    "command",
    [
        ["compile", "--out"],
        ["build", "--out"],
        ["build", "--chef-out"],
        ["build", "--puppet-out"],
    ],
)
def test_the_parent_of_an_output_must_exist(
    inv: Path, tmp_path: Path, command: list[str]
) -> None:
    """The one rule: fleet creates the output itself, never the directories above."""
    missing = tmp_path / "nonexistentdir"
    code, stderr = fleet(*command, missing / "x", "-i", inv)
    assert code == 3
    assert stderr.splitlines()[-1] == (
        f"fleet: error: cannot write {missing / 'x'}: {missing} does not exist "
        "(create it first; fleet creates only the output itself)"
    )
    assert not missing.exists()
    assert sorted(p.name for p in inv.iterdir()) == ["fleet.yml", "packs"]


def test_schema_dump_follows_the_same_rule(tmp_path: Path) -> None:
    """Checked before osqueryi is even looked for (there is none here)."""
    missing = tmp_path / "nonexistentdir"
    code, stderr = fleet("schema", "dump", "--out", missing / "x.json")
    assert code == 3
    assert stderr.splitlines()[-1] == (
        f"fleet: error: cannot write {missing / 'x.json'}: {missing} does not exist "
        "(create it first; fleet creates only the output itself)"
    )
    assert not missing.exists()


def test_the_output_itself_is_created(inv: Path, tmp_path: Path) -> None:
    code, stderr = fleet("compile", "-i", inv, "--out", tmp_path / "new")
    assert code == 0, stderr
    assert "manifest.json" in listing(tmp_path / "new")


STRICT_ROOT = ROOT + "    options: {schedule_splay_percnt: 10}\n"


@pytest.mark.parametrize("command", ["build", "compile"])
def test_strict_makes_warnings_fail_as_validate_does(
    write_inventory: WriteInventory, command: str
) -> None:
    inv = write_inventory(root=STRICT_ROOT)
    assert fleet("validate", "-i", inv, "--strict")[0] == 1

    code, stdout, stderr = run(command, "-i", inv, "--strict")
    assert code == 1
    assert stdout.splitlines()[-1] == (
        f"{inv}/fleet.yml:12:15: warning option-unknown 'schedule_splay_percnt' is "
        "not an osquery flag: osquery ignores it (did you mean "
        "'schedule_splay_percent'?)"
    )
    assert stderr.splitlines()[-1] == (
        "0 error(s), 1 warning(s), 1 info; nothing was written"
    )
    assert sorted(p.name for p in inv.iterdir()) == ["fleet.yml", "packs"]

    code, stderr = fleet(command, "-i", inv)
    assert code == 0, stderr
    assert (inv / "build" / "manifest.json").is_file()


def test_build_still_writes_all_three(inv: Path) -> None:
    code, stderr = fleet("build", "-i", inv)
    assert code == 0, stderr
    assert sorted(p.name for p in inv.iterdir()) == [
        "build",
        "chef",
        "fleet.yml",
        "packs",
        "puppet",
    ]
    assert [n for n in os.listdir(inv) if n.startswith(".")] == []


def marker_kind(directory: Path) -> str:
    lines = (directory / ".fleet-output").read_text().splitlines()
    return next(line for line in lines if line.startswith("# kind: "))


def test_the_marker_records_what_each_output_holds(inv: Path) -> None:
    assert fleet("build", "-i", inv)[0] == 0
    assert marker_kind(inv / "build") == (
        "# kind: compile (compiled osquery configuration, written by fleet compile)"
    )
    assert marker_kind(inv / "chef") == (
        "# kind: chef (Chef cookbook, written by fleet render chef)"
    )
    assert marker_kind(inv / "puppet") == (
        "# kind: puppet (Puppet module, written by fleet render puppet)"
    )


def test_swapped_outputs_are_refused_before_anything_is_written(inv: Path) -> None:
    assert fleet("build", "-i", inv)[0] == 0
    before = {d: listing(inv / d) for d in ("build", "chef", "puppet")}
    chef_readme = (inv / "chef/laptop_osquery/README.md").read_bytes()

    code, err = fleet(
        "build", "-i", inv, "--chef-out", inv / "puppet", "--puppet-out", inv / "chef"
    )

    assert code == 3
    assert (
        f"{inv / 'puppet'} holds a Puppet module (fleet render puppet), but a Chef "
        "cookbook (fleet render chef) was asked to replace it for --chef-out"
    ) in " ".join(err.split())
    assert {d: listing(inv / d) for d in before} == before
    assert (inv / "chef/laptop_osquery/README.md").read_bytes() == chef_readme


@pytest.mark.parametrize(
    ("args", "out", "held"),
    [
        (["render", "puppet"], "chef", "a Chef cookbook"),
        (["render", "chef"], "build", "a compiled osquery configuration"),
        (["compile"], "puppet", "a Puppet module"),
    ],
)
def test_render_and_compile_refuse_another_kind(
    inv: Path, args: list[str], out: str, held: str
) -> None:
    assert fleet("build", "-i", inv)[0] == 0
    before = listing(inv / out)

    code, err = fleet(*args, "-i", inv, "--out", inv / out)

    assert code == 3
    assert f"{inv / out} holds {held}" in " ".join(err.split())
    assert listing(inv / out) == before


def test_a_marker_without_a_kind_is_accepted_once_then_gets_one(inv: Path) -> None:
    assert fleet("build", "-i", inv)[0] == 0
    for name in ("build", "chef", "puppet"):
        marker = inv / name / ".fleet-output"
        lines = marker.read_text().splitlines(keepends=True)
        marker.write_text("".join(x for x in lines if not x.startswith("# kind:")))

    assert fleet("build", "-i", inv)[0] == 0
    assert marker_kind(inv / "chef").startswith("# kind: chef ")
    assert marker_kind(inv / "puppet").startswith("# kind: puppet ")
    assert marker_kind(inv / "build").startswith("# kind: compile ")
    # From then on a swap is refused.
    code, _ = fleet(
        "build", "-i", inv, "--chef-out", inv / "puppet", "--puppet-out", inv / "chef"
    )
    assert code == 3
