"""The revision functions of fleet.gitrepo, against real repositories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fleet.errors import FleetError, UsageError
from fleet.gitrepo import (
    default_base,
    export_inventory,
    inventory_prefix,
    resolve_revision,
)
from tests.diff.conftest import GitRepo, git

FLEET = 'version: "1.0.0"\ntargets: {}\n'


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write({"fleet.yml": FLEET, "packs/g/p.yml": "queries: {}\n"})
    repo.commit("first")
    return repo


def test_a_revision_resolves_as_git_names_it(repo: GitRepo) -> None:
    repo.git("tag", "v1")
    head = repo.git("rev-parse", "HEAD")

    for name in ("v1", "HEAD", "main", head[:8], "main^{commit}"):
        assert resolve_revision(repo.path, name).commit == head


@pytest.mark.parametrize(
    ("rev", "message"),
    [
        ("nope", "unknown revision 'nope' (name a branch, tag or commit)"),
        ("HEAD~5", "unknown revision 'HEAD~5' (name a branch, tag or commit)"),
        (
            "HEAD:fleet.yml",
            "unknown revision 'HEAD:fleet.yml' (name a branch, tag or commit)",
        ),
        (
            "main..HEAD",
            "unknown revision 'main..HEAD' "
            "(give the two revisions as two arguments: fleet diff REV1 REV2)",
        ),
        ("--all", "unknown revision '--all' (name a branch, tag or commit)"),
    ],
)
def test_an_unknown_revision_is_a_usage_error(
    repo: GitRepo, rev: str, message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_revision(repo.path, rev)
    assert str(caught.value) == message


def test_the_default_base_falls_back_to_master(repo: GitRepo) -> None:
    repo.git("branch", "-m", "main", "master")
    first = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "-b", "topic")
    repo.write({"packs/g/q.yml": "queries: {}\n"})
    repo.commit("second")

    base = default_base(repo.path)

    assert (base.name, base.commit) == ("merge base with master", first)


def test_the_default_base_falls_back_to_origin_head(
    repo: GitRepo, tmp_path: Path
) -> None:
    first = repo.git("rev-parse", "HEAD")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", str(repo.path), str(clone))
    git(clone, "checkout", "-q", "-b", "topic")
    git(clone, "branch", "-D", "main")

    base = default_base(clone)

    assert (base.name, base.commit) == ("merge base with origin/HEAD", first)


def test_without_a_main_branch_there_is_no_default_base(repo: GitRepo) -> None:
    repo.git("branch", "-m", "main", "trunk")

    with pytest.raises(UsageError) as caught:
        default_base(repo.path)

    assert str(caught.value) == (
        "no main branch to diff against: none of main, master, origin/HEAD exists "
        "(name the base revision: fleet diff REV)"
    )


def test_unrelated_histories_have_no_merge_base(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "--orphan", "other")
    repo.commit("unrelated")

    with pytest.raises(UsageError, match="HEAD and main have no common ancestor"):
        default_base(repo.path)


def test_a_repository_without_commits_has_no_base(tmp_path: Path) -> None:
    GitRepo(tmp_path / "empty")

    with pytest.raises(UsageError, match="HEAD has no commit yet"):
        default_base(tmp_path / "empty")


def test_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()

    # not a usage error: the work cannot be done here (exit 3)
    with pytest.raises(FleetError, match="is not inside a git work tree"):
        resolve_revision(tmp_path / "plain", "HEAD")


def test_export_writes_only_the_inventory_as_it_was(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo", inventory="infra/osquery")
    repo.write(
        {
            "fleet.yml": FLEET,
            "packs/g/p.yml": "queries: {}\n",
            "packs/g/README.md": "# g\n",
            "build/osquery.conf": "{}\n",
            "notes.txt": "not the inventory\n",
        }
    )
    os.symlink("p.yml", repo.inventory / "packs/g/link.yml")
    first = repo.commit("first")
    repo.write({"packs/g/p.yml": "queries: {changed: true}\n"})
    repo.commit("second")

    out = export_inventory(
        repo.inventory, resolve_revision(repo.inventory, first), tmp_path / "out"
    )

    assert inventory_prefix(repo.inventory) == "infra/osquery"
    assert out == tmp_path / "out" / "infra" / "osquery"
    written = sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
    )
    assert written == ["fleet.yml", "packs/g/README.md", "packs/g/p.yml"]
    assert (out / "packs/g/p.yml").read_text() == "queries: {}\n"
