"""A ``fleet compile`` stopped mid-write, and output paths the OS refuses, through the
real command line in a real process.

The write is paced, not faked: the child process wraps ``Path.write_bytes`` so that
it sleeps after the first file it writes into the staging directory and says so
through a file; the test then sends a real signal.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from fleet.cli import app
from fleet.cli.common import guarded
from fleet.outdir import MARKER
from tests.conftest import REPO, WriteInventory

PACED = """\
import sys, time
from pathlib import Path

ready = Path(sys.argv[1])
real = Path.write_bytes

def paced(self, data):
    written = real(self, data)
    if ".new-" in str(self) and not ready.exists():
        ready.write_text("writing")
        time.sleep(60)
    return written

Path.write_bytes = paced
sys.argv = ["fleet", *sys.argv[2:]]
from fleet.entry import main
main()
"""


def start(inv: Path, out: Path, ready: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            PACED,
            str(ready),
            "compile",
            "-i",
            str(inv),
            "-o",
            str(out),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the child never started writing"
        time.sleep(0.05)
    return child


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def beside(out: Path) -> list[str]:
    return sorted(os.listdir(out.parent))


def fleet(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stderr


@pytest.fixture
def compiled(write_inventory: WriteInventory, tmp_path: Path) -> tuple[Path, Path]:
    """An inventory and its compiled output in tmp_path/site/build."""
    inv = write_inventory()
    site = tmp_path / "site"
    site.mkdir()
    out = site / "build"
    code, stderr = fleet("compile", "-i", inv, "-o", out)
    assert code == 0, stderr
    return inv, out


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stopped_compile_cleans_up_and_keeps_the_output(
    compiled: tuple[Path, Path], tmp_path: Path, signum: int
) -> None:
    inv, out = compiled
    before = snapshot(out)
    (inv / "packs/g/p.yml").write_text(
        "queries:\n  q:\n    query: SELECT pid FROM processes\n    interval: 120\n"
    )
    child = start(inv, out, tmp_path / "ready")
    assert [n for n in beside(out) if ".new-" in n]  # the staging directory is there

    child.send_signal(signum)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 3
    expected = {
        signal.SIGTERM: "fleet: terminated (SIGTERM)",
        signal.SIGHUP: "fleet: terminated (SIGHUP)",
        signal.SIGINT: "fleet: interrupted",
    }[signum]
    assert stderr.splitlines()[-1] == expected
    assert beside(out) == ["build"]
    assert snapshot(out) == before


def test_a_killed_compile_leaves_a_leftover_the_next_run_removes(
    compiled: tuple[Path, Path], tmp_path: Path
) -> None:
    inv, out = compiled
    child = start(inv, out, tmp_path / "ready")
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    leftovers = [n for n in beside(out) if n != "build"]
    host = socket.gethostname().replace("-", "")
    assert len(leftovers) == 1
    assert leftovers[0].startswith(f".build.new-{host}-{child.pid}-")
    assert (out.parent / leftovers[0] / MARKER).is_file()

    code, stderr = fleet("compile", "-i", inv, "-o", out)
    assert code == 0, stderr
    assert beside(out) == ["build"]
    assert json.loads((out / "manifest.json").read_bytes())["targets"]


def test_only_provably_fleets_own_leftovers_are_removed(
    compiled: tuple[Path, Path], tmp_path: Path
) -> None:
    """Each of these looks like a leftover but is not provably one: left alone."""
    inv, out = compiled
    host = socket.gethostname().replace("-", "")
    dead = _dead_pid()
    site = out.parent

    # The name and a dead owner, but a file the marker does not list.
    extra = site / f".build.old-{host}-{dead}-aaaaaaaa"
    shutil.copytree(out, extra)
    (extra / "notes.txt").write_text("mine")
    # A live owner (this test's own process).
    live = site / f".build.new-{host}-{os.getpid()}-bbbbbbbb"
    shutil.copytree(out, live)
    # Another host's run.
    remote = site / f".build.new-otherhost-{dead}-cccccccc"
    shutil.copytree(out, remote)
    # No marker.
    unmarked = site / f".build.new-{host}-{dead}-dddddddd"
    unmarked.mkdir()
    (unmarked / "data").write_text("mine")
    # Another output's name, and a file rather than a directory.
    other = site / f".builds.new-{host}-{dead}-eeeeeeee"
    shutil.copytree(out, other)
    plain = site / f".build.new-{host}-{dead}-ffffffff"
    plain.write_text("mine")
    # A symbolic link to a real leftover-looking directory.
    link = site / f".build.new-{host}-{dead}-gggggggg"
    link.symlink_to(remote)
    # And one that is fleet's: the marker lists every file, the owner is dead.
    ours = site / f".build.old-{host}-{dead}-hhhhhhhh"
    shutil.copytree(out, ours)

    kept = {p.name: snapshot(p) for p in (extra, live, remote, unmarked, other)}
    code, stderr = fleet("compile", "-i", inv, "-o", out)
    assert code == 0, stderr
    assert not ours.exists()
    assert {p.name: snapshot(p) for p in (extra, live, remote, unmarked, other)} == kept
    assert plain.read_text() == "mine"
    assert link.is_symlink()


def _dead_pid() -> int:
    """The id of a process that has exited and been reaped."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        ("/proc/fleet-out", "No such file or directory"),
        ("/sys/fleet-out", "Operation not permitted"),
    ],
)
def test_an_output_the_os_refuses_is_one_line(
    write_inventory: WriteInventory, out: str, reason: str
) -> None:
    inv = write_inventory()
    code, stderr = fleet("compile", "-i", inv, "-o", out)
    assert code == 3
    assert stderr.splitlines()[-1] == f"fleet: error: cannot write {out}: {reason}"
    assert "internal error" not in stderr


def test_a_read_only_output_directory_is_one_line(
    write_inventory: WriteInventory, tmp_path: Path
) -> None:
    """A real read-only mount (a bind mount in a private mount namespace)."""
    inv = write_inventory()
    site = tmp_path / "site"
    site.mkdir()
    script = (
        f"mount --bind {site} {site} && mount -o remount,bind,ro {site} && "
        f"exec {sys.executable} -m fleet compile -i {inv} -o {site}/build"
    )
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"fleet: error: cannot write {site}/build: Read-only file system"
    )
    assert os.listdir(site) == []


def test_any_other_os_error_is_one_line_naming_the_file() -> None:
    """guarded, as every command is wrapped: an OS error no step turned into a
    FleetError is still one line with the file and the reason, exit 3."""

    def report() -> int:
        raise OSError(errno.EIO, os.strerror(errno.EIO), "/srv/out/report.json")

    one = typer.Typer()
    one.command()(guarded(report))
    result = CliRunner().invoke(one, [])
    assert result.exit_code == 3
    assert result.stderr == "fleet: error: /srv/out/report.json: Input/output error\n"
