"""``python -m fleet diff`` as a pipeline runs it: exit codes, stdout, stderr."""

from __future__ import annotations

import json
from pathlib import Path

from tests.diff.conftest import (
    GOLDEN,
    GitRepo,
    build_history,
    fleet_diff,
    fleet_yml,
    startup_yml,
)


def test_text_output_and_exit_0(history: tuple[GitRepo, dict[str, str]]) -> None:
    repo, _ = history

    done = fleet_diff(repo.path, "v1.0.0", "v1.6.0")

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (GOLDEN / "history.txt").read_text(encoding="utf-8")


def test_no_changes_is_exit_0_too(history: tuple[GitRepo, dict[str, str]]) -> None:
    repo, _ = history

    done = fleet_diff(repo.path)  # on main, clean: base and working tree are equal

    assert done.returncode == 0
    assert done.stdout.endswith("unchanged: laptops, servers\nno changes\n")


def test_an_unknown_revision_exits_2(history: tuple[GitRepo, dict[str, str]]) -> None:
    repo, _ = history

    done = fleet_diff(repo.path, "v9.9.9")

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "fleet: error: unknown revision 'v9.9.9' (name a branch, tag or commit)\n"
    )


def test_no_main_branch_exits_3(history: tuple[GitRepo, dict[str, str]]) -> None:
    repo, _ = history
    repo.git("branch", "-m", "main", "trunk")

    done = fleet_diff(repo.path)

    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == (
        "fleet: error: no main branch to diff against: none of main, master, "
        "origin/HEAD exists (name the base revision: fleet diff REV)\n"
    )


def test_a_repository_without_commits_exits_3(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write({"fleet.yml": fleet_yml("1.0.0", 0)})

    done = fleet_diff(repo.path)

    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == (
        "fleet: error: the repository has no commits yet, so there is no base to "
        "diff against (commit the inventory, then run fleet diff again)\n"
    )


def test_a_revision_typed_in_a_repository_without_commits_exits_2(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "repo")

    done = fleet_diff(repo.path, "HEAD")

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "fleet: error: unknown revision 'HEAD' (the repository has no commits yet: "
        "commit the inventory first)\n"
    )


def test_outside_git_exits_3(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "fleet.yml").write_text(fleet_yml("1.0.0", 0), encoding="utf-8")

    for args in ((), ("HEAD",)):
        done = fleet_diff(plain, *args)

        assert (done.returncode, done.stdout) == (3, "")
        assert done.stderr == (
            "fleet: error: . is not inside a git work tree (fleet diff compares "
            "commits of an inventory kept in git: run it inside the repository, or "
            "pass the inventory there with --inventory)\n"
        )


def test_a_side_that_does_not_parse_exits_3(
    history: tuple[GitRepo, dict[str, str]],
) -> None:
    repo, _ = history
    repo.write({"packs/persistence/startup.yml": startup_yml(6) + "  broken: [\n"})
    broken = repo.commit("break the YAML")

    done = fleet_diff(repo.path, "v1.6.0", "HEAD")

    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr.splitlines() == [
        f"{broken[:7]}:packs/persistence/startup.yml:19:1: error yaml-syntax YAML does "
        "not parse: did not find expected node content (fix the YAML syntax at this "
        "place)",
        f"fleet: error: the inventory at HEAD ({broken[:7]}) does not load: 1 error(s) "
        "(fix them, or diff against another revision)",
    ]


def test_the_working_tree_side_that_does_not_parse_exits_3(
    history: tuple[GitRepo, dict[str, str]],
) -> None:
    repo, _ = history
    repo.write({"fleet.yml": fleet_yml("1.7.0", 6) + "  oops: {\n"})

    done = fleet_diff(repo.path)

    assert done.returncode == 3
    assert done.stderr.splitlines()[0].startswith("fleet.yml:")
    assert done.stderr.splitlines()[-1] == (
        "fleet: error: the inventory in the working tree does not load: 1 error(s) "
        "(fix them, or diff against another revision)"
    )


def test_an_inventory_in_a_subdirectory(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo", inventory="infra/osquery")
    commits = build_history(repo)
    repo.write({"README.md": "outside the inventory\n"})
    repo.commit("a change outside the inventory", tag="docs")

    from_root = fleet_diff(
        repo.path, "v1.3.0", "v1.4.0", "-i", "infra/osquery", "-f", "json"
    )
    inside = fleet_diff(repo.inventory, "v1.3.0", "v1.4.0", "--format", "json")
    outside = fleet_diff(repo.inventory, "v1.6.0", "docs", "--format", "json")

    assert from_root.returncode == 0, from_root.stderr
    assert from_root.stdout == inside.stdout
    doc = json.loads(from_root.stdout)
    assert (doc["schema"], doc["inventory"]) == ("fleet-diff/1", "infra/osquery")
    assert doc["base"] == {
        "commit": commits["v1.3.0"],
        "label": "v1.3.0",
        "version": "1.3.0",
    }
    assert [c["pointer"] for c in doc["targets"][0]["changes"]] == [
        "/options/schedule_splay_percent",
        "/options/utc",
        "/flags/logger_plugin",
        "/flags/tls_hostname",
    ]
    assert json.loads(outside.stdout)["changed"] is False


def test_a_subdirectory_finding_names_the_repository_path(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo", inventory="infra/osquery")
    build_history(repo)
    repo.write({"fleet.yml": "version: [\n"})
    broken = repo.commit("break fleet.yml")

    done = fleet_diff(repo.path, "HEAD~1", "HEAD", "--inventory", "infra/osquery")

    assert done.returncode == 3
    assert done.stderr.startswith(
        f"{broken[:7]}:infra/osquery/fleet.yml:2:1: error yaml-syntax"
    )
