"""--allow-errors never writes a value that changes what an artifact says: the flag
file carries values raw, one flag a line, so a line break, a NUL or another control
character, or a flag name that is not one, stops compile whatever the options."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleet.cli import app
from fleet.compile.config import compile_inventory
from fleet.compile.output import build_files
from fleet.errors import FleetError
from fleet.findings import Pos
from fleet.load.inventory import load_inventory
from fleet.model import Setting
from tests.conftest import WriteInventory

ROOT = """\
version: "1.0.0"
osquery_version: "5.12.1"
targets:
  t:
    platforms: [linux]
    packs: ['*']
    flags:
      {flag}
"""
STOPPED = (
    "; nothing was written: --allow-errors never writes a value that would change "
    "what the files say"
)


def run(inv: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["compile", "-i", str(inv), "-o", str(out), *extra]
    )
    return result.exit_code, result.stdout, result.stderr


LOADER = "error control-character targets.t.flags.{} holds control or text-direction "


@pytest.mark.parametrize(
    ("flag", "finding"),
    [
        (
            'logger_path: "x\\n--config_path=/tmp/evil"',
            "8:20: " + LOADER.format("logger_path") + "characters (\\x0a)",
        ),
        (
            'host_identifier: "a\\0b"',
            "8:24: " + LOADER.format("host_identifier") + "characters (\\x00)",
        ),
        (
            'logger_plugin: "filesystem\\r--verbose=true"',
            "8:22: " + LOADER.format("logger_plugin") + "characters (\\x0d)",
        ),
        (
            'logger_plugin: "file\\tsystem"',
            "8:22: " + LOADER.format("logger_plugin") + "characters (\\x09)",
        ),
        (
            'logger_plugin: "\\e[8mfilesystem"',
            "8:22: " + LOADER.format("logger_plugin") + "characters (\\x1b)",
        ),
        (
            '"verbose\\n--config_path": "x"',
            "8:7: " + LOADER.format("verbose\\x0a--config_path") + "characters (\\x0a)",
        ),
        (
            '"config_path=/tmp/evil --verbose": true',
            "8:7: error name-unsafe flag name 'config_path=/tmp/evil --verbose' is not "
            "a flag name: written as --name=value it would read as another flag or "
            "value (use letters, digits, '_' and '-' only; fleet never writes it into "
            "the flag file, not even with --allow-errors)",
        ),
    ],
)
def test_allow_errors_never_writes_what_would_change_the_flag_file(
    write_inventory: WriteInventory, tmp_path: Path, flag: str, finding: str
) -> None:
    inv = write_inventory(root=ROOT.format(flag=flag))
    out = tmp_path / "build"
    code, stdout, stderr = run(inv, out, "--allow-errors")
    assert code == 1
    assert f"{inv}/fleet.yml:{finding}" in stdout
    assert stderr.splitlines()[-1].endswith(STOPPED)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inv"]


def test_allow_errors_still_writes_past_other_errors(
    write_inventory: WriteInventory, tmp_path: Path
) -> None:
    inv = write_inventory(root=ROOT.format(flag="disable_event: false"))
    out = tmp_path / "build"
    assert run(inv, out)[0] == 1
    code, _, stderr = run(inv, out, "--allow-errors")
    assert code == 0, stderr
    assert stderr.splitlines()[-2].endswith("; writing anyway (--allow-errors)")
    assert (out / "t/osquery.linux.flags").read_bytes() == b"--disable_event=false\n"


def test_compile_itself_refuses_the_raw_text_the_loader_let_through(
    write_inventory: WriteInventory,
) -> None:
    """The last check is on the very text that would be written, whatever the
    model holds (a library caller, or a loader that lets one through)."""
    inventory = load_inventory(write_inventory(root=ROOT.format(flag="verbose: true")))
    target = inventory.targets["t"]
    pos = Pos("fleet.yml", 8, 7, "targets.t.flags.logger_path")
    target.flags["logger_path"] = Setting("logger_path", "x\n--config_path=/e", pos)
    compiled = compile_inventory(inventory)
    assert [f.as_text() for f in compiled["t"].unwritable] == [
        "fleet.yml:8:7: error control-character flag 'logger_path' value "
        "'x\\x0a--config_path=/e' holds control characters (\\x0a): the flag file "
        "carries values raw, where a line break starts another flag and a NUL cuts "
        "the value short (remove them; fleet never writes it into the flag file, not "
        "even with --allow-errors)"
    ]
    with pytest.raises(FleetError, match=r"^refusing to compile: fleet\.yml:8:7: "):
        build_files(inventory, compiled)
