"""Revisions for ``fleet diff``: the repository, the commits the user names, the
default base, and what git ignores in the working tree.

Exit codes follow one rule: a revision the user typed that git does not know is a
usage error (2); a diff that cannot be made with what is there (not in a git work
tree, no commit yet, no main branch, no shared history) is work not done (3).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fleet.errors import FleetError, UsageError

if TYPE_CHECKING:
    from git import Repo

MAIN_BRANCHES = ("refs/heads/main", "refs/heads/master", "refs/remotes/origin/HEAD")
NAME_A_BASE = "name the base revision: fleet diff REV"


@dataclass(frozen=True, slots=True)
class Revision:
    """A commit and how the user (or the default) named it."""

    name: str
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:7]


def open_repo(root: Path) -> Repo:
    """The git work tree ``root`` is in; ``root`` need not exist any more, since two
    revisions can be compared without it."""
    import git

    existing = next(
        p for p in (root.absolute(), *root.absolute().parents) if p.exists()
    )
    try:
        repo = git.Repo(existing, search_parent_directories=True)
    except git.InvalidGitRepositoryError:
        repo = None
    if repo is None or repo.bare:
        raise FleetError(
            f"{root} is not inside a git work tree",
            "fleet diff compares commits of an inventory kept in git: run it inside "
            "the repository, or pass the inventory there with --inventory",
        )
    return repo


def inventory_prefix(repo: Repo, root: Path) -> str:
    """Where the inventory directory sits in the repository, as a posix path ('' at
    the top)."""
    work_tree = Path(str(repo.working_tree_dir)).resolve()
    try:
        prefix = root.resolve().relative_to(work_tree)
    except ValueError as exc:
        raise FleetError(f"{root} is outside the git work tree {work_tree}") from exc
    return "" if str(prefix) == "." else prefix.as_posix()


def _rev_parse(repo: Repo, rev: str) -> str | None:
    import git

    try:
        out: str = repo.git.rev_parse(
            "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
    except git.GitCommandError:
        return None
    return out.strip()


def _no_commits(repo: Repo) -> bool:
    return not repo.git.rev_list("-n", "1", "--all").strip()


def resolve_revision(repo: Repo, rev: str) -> Revision:
    """The commit ``rev`` names, with everything git's own syntax allows. A name that
    is not a commit is a usage error."""
    commit = _rev_parse(repo, rev) if rev.strip() else None
    if commit is None:
        hint = "name a branch, tag or commit"
        if ".." in rev:
            hint = "give the two revisions as two arguments: fleet diff REV1 REV2"
        elif _no_commits(repo):
            hint = "the repository has no commits yet: commit the inventory first"
        raise UsageError(f"unknown revision '{rev}'", hint)
    return Revision(rev, commit)


def default_base(repo: Repo) -> Revision:
    """The merge base of HEAD with main, else master, else origin/HEAD."""
    import git

    if _rev_parse(repo, "HEAD") is None:
        if _no_commits(repo):
            raise FleetError(
                "the repository has no commits yet, so there is no base to diff "
                "against",
                "commit the inventory, then run fleet diff again",
            )
        raise FleetError(
            "HEAD has no commit yet (an orphan branch), so it has no merge base",
            NAME_A_BASE,
        )
    for ref in MAIN_BRANCHES:
        if _rev_parse(repo, ref) is None:
            continue
        name = ref.removeprefix("refs/heads/").removeprefix("refs/remotes/")
        try:
            base: str = repo.git.merge_base("HEAD", ref).strip()
        except git.GitCommandError as exc:
            raise FleetError(
                f"HEAD and {name} have no common ancestor", NAME_A_BASE
            ) from exc
        return Revision(f"merge base with {name}", base)
    raise FleetError(
        "no main branch to diff against: none of main, master, origin/HEAD exists",
        NAME_A_BASE,
    )


def _ls_files(repo: Repo, prefix: str, *options: str) -> list[str]:
    top = f"{prefix}/" if prefix else ""
    out: str = repo.git.ls_files(
        *options, "-z", "--", f":(literal){top}fleet.yml", f":(literal){top}packs"
    )
    return [line for line in out.split("\0") if line]


def _read_by_loader(path: str, prefix: str, suffixes: tuple[str, ...]) -> bool:
    top = f"{prefix}/" if prefix else ""
    return path == f"{top}fleet.yml" or (
        path.startswith(f"{top}packs/") and path.endswith(suffixes)
    )


def ignored_files(repo: Repo, prefix: str, suffixes: tuple[str, ...]) -> list[str]:
    """Inventory files in the working tree that git ignores: fleet.yml and names
    ending in ``suffixes`` below packs/, as repository paths."""
    found = _ls_files(repo, prefix, "--others", "--ignored", "--exclude-standard")
    return sorted(p for p in found if _read_by_loader(p, prefix, suffixes))


def unchecked_files(repo: Repo, prefix: str, suffixes: tuple[str, ...]) -> list[str]:
    """Inventory files git tracks but leaves out of the working tree (a sparse
    checkout, skip-worktree), as repository paths."""
    work_tree = Path(str(repo.working_tree_dir))
    skipped = [t[2:] for t in _ls_files(repo, prefix, "-t") if t.startswith("S ")]
    return sorted(
        p
        for p in skipped
        if _read_by_loader(p, prefix, suffixes) and not os.path.lexists(work_tree / p)
    )
