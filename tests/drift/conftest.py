"""Fixtures for drift: an inventory, its compiled targets, hosts, a real sshd."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fleet.cli import app
from fleet.cli.validate import load_and_validate
from fleet.compile.config import CompiledTarget
from fleet.drift.desired import Desired, desired_targets
from fleet.drift.model import HostResult, HostSpec
from fleet.drift.run import check_address
from tests.conftest import WriteInventory
from tests.drift.deploy import deploy

SERVERS_ROOT = """\
version: "1.0.0"
osquery_version: "5.12.1"
targets:
  servers:
    platforms: [linux]
    deploy: {tool: puppet, name: osquery_fleet, package_version: "5.12.1"}
    packs: ["*"]
    pack_mode: external
    enroll_secret: true
    options:
      schedule_splay_percent: 10
      host_identifier: hostname
    flags:
      config_plugin: filesystem
      logger_plugin: filesystem
      disable_events: false
    decorators:
      load: [SELECT uuid AS host_uuid FROM system_info]
  laptops:
    platforms: [darwin, linux]
    deploy: {tool: chef, name: osquery_fleet, package_version: "5.12.1"}
    packs: [web]
    options:
      schedule_splay_percent: 20
"""
WEB_PACK = """\
description: Web server processes
queries:
  procs:
    query: SELECT pid, name FROM processes
    interval: 300
    description: Überwachung
  ports:
    query: SELECT port FROM listening_ports;
    interval: 600
    snapshot: true
"""
CRON_PACK = """\
queries:
  crontab:
    query: SELECT command FROM crontab
    interval: 3600
    platform: linux
"""
SERVER_FILES = {
    "packs/discovery/web.yml": WEB_PACK,
    "packs/persistence/cron.yml": CRON_PACK,
}


@pytest.fixture
def servers_inventory(write_inventory: WriteInventory) -> Path:
    return write_inventory(SERVERS_ROOT, SERVER_FILES)


def compile_dir(inventory: Path) -> dict[str, CompiledTarget]:
    report = load_and_validate(inventory, None)
    assert not [f for f in report.findings if f.severity.value == "error"], (
        report.findings
    )
    return report.compiled


@pytest.fixture
def compiled(servers_inventory: Path) -> dict[str, CompiledTarget]:
    return compile_dir(servers_inventory)


@pytest.fixture
def desired(
    servers_inventory: Path, compiled: dict[str, CompiledTarget]
) -> dict[str, Desired]:
    from fleet.load.inventory import load_inventory

    return desired_targets(load_inventory(servers_inventory), compiled)


@pytest.fixture
def host_root(tmp_path: Path, compiled: dict[str, CompiledTarget]) -> Path:
    """A clean linux deploy of the servers target under tmp_path/host."""
    return deploy(compiled["servers"], tmp_path / "host")


CheckHost = Callable[..., HostResult]


@pytest.fixture
def check(desired: dict[str, Desired]) -> CheckHost:
    """Read ``address`` as a host of ``target`` and run every rule."""

    def run(
        address: str | Path,
        target: str = "servers",
        platform: str | None = None,
        timeout: float = 30,
    ) -> HostResult:
        spec = HostSpec("h", str(address), target, platform)
        return check_address(spec, desired[target], timeout)

    return run


def codes(result: HostResult, drift_only: bool = True) -> list[tuple[str, str, str]]:
    """(code, file, pointer) of each finding."""
    return [
        (f.code, f.file, f.pointer)
        for f in result.findings
        if f.is_drift or not drift_only
    ]


def fleet(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.stdout, result.stderr


def drift_host(inventory: Path, *args: str | Path) -> tuple[int, dict[str, Any], str]:
    """``fleet drift --target servers --format json`` of one host: exit code, the
    host's part of the report, stderr."""
    code, out, err = fleet(
        "drift", "-i", inventory, "--target", "servers", "--format", "json", *args
    )
    assert out, err
    [host] = json.loads(out)["hosts"]
    return code, host, err


# A real sshd on 127.0.0.1 ---------------------------------------------------------

SSHD = "/usr/sbin/sshd"


@dataclass(frozen=True)
class Sshd:
    port: int
    ssh_config: Path
    key: Path

    def address(self, scheme: str, root: Path, host: str = "testhost") -> str:
        return f"{scheme}://{host}?ssh_config={self.ssh_config}&root={root}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_banner(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, f"sshd exited: {log.read_text()}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                if conn.recv(64).startswith(b"SSH-"):
                    return
        except OSError:
            time.sleep(0.02)
    raise AssertionError(f"sshd did not answer on port {port}: {log.read_text()}")


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    """sshd -D on a free loopback port with a temporary host key, key-only, as root."""
    assert os.path.exists(SSHD), (
        "OpenSSH server missing: apt-get install openssh-server"
    )
    for tool in ("ssh", "ssh-keygen"):
        assert shutil.which(tool), f"{tool} missing: apt-get install openssh-client"
    d = tmp_path_factory.mktemp("sshd")
    os.chmod(d, 0o700)
    for name in ("host_ed25519", "client_ed25519"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / name)],
            check=True,
        )
    shutil.copy(d / "client_ed25519.pub", d / "authorized_keys")
    os.chmod(d / "authorized_keys", 0o600)
    port = free_port()
    (d / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_ed25519\n"
        f"PidFile {d}/sshd.pid\nAuthorizedKeysFile {d}/authorized_keys\n"
        "PermitRootLogin prohibit-password\nPubkeyAuthentication yes\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "StrictModes no\nPrintMotd no\nMaxStartups 100:30:200\nMaxSessions 50\n"
        "LogLevel VERBOSE\n"
    )
    closed = free_port()  # nothing listens here: the unreachable host
    (d / "ssh_config").write_text(
        "".join(
            f"Host {alias}\n  HostName 127.0.0.1\n  Port {p}\n  User root\n"
            f"  IdentityFile {d}/client_ed25519\n  IdentitiesOnly yes\n"
            "  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n"
            "  LogLevel ERROR\n"
            for alias, p in (("testhost", port), ("closedhost", closed))
        )
    )
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
    subprocess.run([SSHD, "-t", "-f", str(d / "sshd_config")], check=True)
    log = d / "sshd.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(d / "sshd_config")], stderr=sink
        )
    try:
        _wait_for_banner(port, process, log)
        yield Sshd(port, d / "ssh_config", d / "client_ed25519")
    finally:
        process.terminate()
        process.wait(timeout=10)
