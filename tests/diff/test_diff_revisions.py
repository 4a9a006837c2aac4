"""The revision functions of fleet diff, against real repositories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fleet.diff.checkout import check_out
from fleet.diff.revisions import (
    default_base,
    inventory_prefix,
    open_repo,
    resolve_revision,
)
from fleet.errors import ExitCode, FleetError, UsageError
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
        assert resolve_revision(open_repo(repo.path), name).commit == head


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
        resolve_revision(open_repo(repo.path), rev)
    assert str(caught.value) == message


def test_the_default_base_falls_back_to_master(repo: GitRepo) -> None:
    repo.git("branch", "-m", "main", "master")
    first = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "-b", "topic")
    repo.write({"packs/g/q.yml": "queries: {}\n"})
    repo.commit("second")

    base = default_base(open_repo(repo.path))

    assert (base.name, base.commit) == ("merge base with master", first)


def test_the_default_base_falls_back_to_origin_head(
    repo: GitRepo, tmp_path: Path
) -> None:
    first = repo.git("rev-parse", "HEAD")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", str(repo.path), str(clone))
    git(clone, "checkout", "-q", "-b", "topic")
    git(clone, "branch", "-D", "main")

    base = default_base(open_repo(clone))

    assert (base.name, base.commit) == ("merge base with origin/HEAD", first)


def test_without_a_main_branch_there_is_no_default_base(repo: GitRepo) -> None:
    repo.git("branch", "-m", "main", "trunk")

    with pytest.raises(FleetError) as caught:
        default_base(open_repo(repo.path))

    assert caught.value.exit_code is ExitCode.INCOMPLETE
    assert str(caught.value) == (
        "no main branch to diff against: none of main, master, origin/HEAD exists "
        "(name the base revision: fleet diff REV)"
    )


def test_unrelated_histories_have_no_merge_base(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "--orphan", "other")
    repo.commit("unrelated")

    with pytest.raises(FleetError) as caught:
        default_base(open_repo(repo.path))

    assert caught.value.exit_code is ExitCode.INCOMPLETE
    assert str(caught.value) == (
        "HEAD and main have no common ancestor (name the base revision: fleet diff REV)"
    )


def test_an_orphan_branch_without_commits_has_no_base(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "--orphan", "other")

    with pytest.raises(FleetError) as caught:
        default_base(open_repo(repo.path))

    assert caught.value.exit_code is ExitCode.INCOMPLETE
    assert str(caught.value) == (
        "HEAD has no commit yet (an orphan branch), so it has no merge base "
        "(name the base revision: fleet diff REV)"
    )


def test_a_repository_without_commits_has_no_base(tmp_path: Path) -> None:
    GitRepo(tmp_path / "empty")

    with pytest.raises(FleetError) as caught:
        default_base(open_repo(tmp_path / "empty"))

    assert caught.value.exit_code is ExitCode.INCOMPLETE
    assert str(caught.value) == (
        "the repository has no commits yet, so there is no base to diff against "
        "(commit the inventory, then run fleet diff again)"
    )


def test_a_revision_in_a_repository_without_commits_is_unknown(
    tmp_path: Path,
) -> None:
    GitRepo(tmp_path / "empty")

    with pytest.raises(UsageError) as caught:
        resolve_revision(open_repo(tmp_path / "empty"), "HEAD")

    assert str(caught.value) == (
        "unknown revision 'HEAD' "
        "(the repository has no commits yet: commit the inventory first)"
    )


def test_outside_git_the_work_cannot_be_done(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()

    with pytest.raises(FleetError) as caught:
        open_repo(tmp_path / "plain")

    assert caught.value.exit_code is ExitCode.INCOMPLETE
    assert str(caught.value) == (
        f"{tmp_path / 'plain'} is not inside a git work tree (fleet diff compares "
        "commits of an inventory kept in git: run it inside the repository, or pass "
        "the inventory there with --inventory)"
    )


def test_the_checkout_writes_only_what_the_loader_reaches(tmp_path: Path) -> None:
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
    git_repo = open_repo(repo.inventory)

    out = check_out(git_repo, first, "infra/osquery", tmp_path / "out").directory

    assert inventory_prefix(git_repo, repo.inventory) == "infra/osquery"
    assert out == tmp_path / "out" / "infra" / "osquery"
    written = sorted(
        (p.relative_to(out).as_posix(), p.is_symlink()) for p in out.rglob("*.*")
    )
    assert written == [
        ("fleet.yml", False),
        ("packs/g/README.md", False),
        ("packs/g/link.yml", True),
        ("packs/g/p.yml", False),
    ]
    assert os.readlink(out / "packs/g/link.yml") == "p.yml"
    assert (out / "packs/g/p.yml").read_text() == "queries: {}\n"
