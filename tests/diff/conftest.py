"""A real git repository holding an inventory's history, for the diff tests.

Commits carry fixed names and dates, so their ids (and the golden files that show
them) are the same on every run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
REPO_ROOT = Path(__file__).resolve().parents[2]
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00+00:00",
}


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` without the user's own configuration; its output."""
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def fleet_diff(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m fleet diff`` as a pipeline runs it, in ``cwd``."""
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(REPO_ROOT), "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "fleet", "diff", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


class GitRepo:
    """A repository in a temporary directory, driven with the git CLI."""

    def __init__(self, path: Path, inventory: str = "") -> None:
        self.path = path
        self.inventory = path / inventory if inventory else path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Fleet Tests")
        self.git("config", "user.email", "fleet-tests@example.invalid")

    def git(self, *args: str) -> str:
        return git(self.path, *args)

    def write(self, files: dict[str, str]) -> None:
        """Write files below the inventory directory (texts are dedented)."""
        for rel, text in files.items():
            path = self.inventory / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")

    def remove(self, *rels: str) -> None:
        for rel in rels:
            (self.inventory / rel).unlink()

    def commit(self, message: str, tag: str = "") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        if tag:
            self.git("tag", tag)
        return self.git("rev-parse", "HEAD")


FLEET_V1 = """\
version: "{version}"
osquery_version: "5.12.1"
targets:
  laptops:
    platforms: [darwin, linux]
    packs: ['*']
    options:
      schedule_splay_percent: {splay}
    flags:
      logger_plugin: {logger}
"""
OPTIONS_V2 = """\
      utc: true
"""
FLAGS_V2 = """\
      tls_hostname: fleet.example.com
"""
SERVERS = """\
  servers:
    platforms: [linux]
    packs: ['group:persistence']
    pack_mode: external
    packs_dir: /etc/osquery/packs
    deploy: {tool: puppet, name: osquery_fleet}
"""
STARTUP = """\
description: Persistence through start-up items
queries:
  {launchd}:
    query: SELECT label, path FROM launchd WHERE run_at_load = 1
    interval: 3600
    platform: darwin
  crontab:
{crontab}
{systemd}"""
CRONTAB_V1 = """\
    query: SELECT command, path FROM crontab
    interval: 3600
    platform: linux
"""
CRONTAB_V2 = """\
    query: |
      SELECT command, path
      FROM crontab
      WHERE command NOT LIKE '%anacron%'
    interval: 600
    platform: linux
"""
SYSTEMD = """\
  systemd_units:
    query: SELECT id, fragment_path FROM systemd_units
    interval: 3600
    platform: linux
"""
SOFTWARE = """\
queries:
  deb_packages:
    query: SELECT name, version FROM deb_packages
    interval: 86400
    platform: linux
    snapshot: true
"""
SERVICES = "queries:\n" + SYSTEMD


def fleet_yml(version: str, step: int) -> str:
    text = FLEET_V1.format(
        version=version,
        splay=20 if step >= 4 else 10,
        logger="tls" if step >= 4 else "filesystem",
    )
    if step >= 4:
        text = text.replace("    flags:\n", OPTIONS_V2 + "    flags:\n") + FLAGS_V2
    return text + (SERVERS if step >= 6 else "")


def startup_yml(step: int) -> str:
    return STARTUP.format(
        launchd="launchd_run_at_load" if step >= 5 else "launchd_overrides",
        crontab=(CRONTAB_V2 if step >= 2 else CRONTAB_V1).rstrip("\n"),
        systemd=SYSTEMD if step >= 1 else "",
    )


STEPS = [
    "the first inventory",
    "add a query",
    "change an interval and SQL",
    "remove a pack",
    "change options and flags",
    "rename a query",
    "add a target",
]


def build_history(repo: GitRepo) -> dict[str, str]:
    """Main: one commit per step, tagged v1.<step>.0. Branch ``feature`` leaves main
    after step 3 and moves systemd_units into a new pack without bumping the
    version. Returns the commit of every tag and of ``feature``."""
    commits: dict[str, str] = {}
    for step, message in enumerate(STEPS):
        version = f"1.{step}.0"
        files = {
            "fleet.yml": fleet_yml(version, step),
            "packs/persistence/startup.yml": startup_yml(step),
            "packs/persistence/README.md": "# Persistence\n",
        }
        if step == 0:
            files |= {
                "packs/inventory/software.yml": SOFTWARE,
                "packs/inventory/README.md": "# Inventory\n",
            }
        if step == 3:
            repo.remove("packs/inventory/software.yml", "packs/inventory/README.md")
        repo.write(files)
        commits[f"v{version}"] = repo.commit(message, tag=f"v{version}")
        if step == 3:
            repo.git("checkout", "-q", "-b", "feature")
            repo.write(
                {
                    "packs/persistence/startup.yml": startup_yml(3).replace(
                        SYSTEMD, ""
                    ),
                    "packs/persistence/services.yml": SERVICES,
                }
            )
            commits["feature"] = repo.commit("move systemd_units to its own pack")
            repo.git("checkout", "-q", "main")
    return commits


@pytest.fixture
def history(tmp_path: Path) -> tuple[GitRepo, dict[str, str]]:
    repo = GitRepo(tmp_path / "repo")
    return repo, build_history(repo)
