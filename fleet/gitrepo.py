"""The one choke point for git: which commit an inventory is at, and old revisions.

Uses GitPython. An inventory outside a git work tree is not an error for stamping:
it simply has no commit to stamp. Naming a revision there is a usage error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fleet.errors import FleetError, UsageError


@dataclass(frozen=True, slots=True)
class Stamp:
    commit: str | None
    dirty: bool


def _repo(path: Path):  # type: ignore[no-untyped-def]
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def stamp(
    root: Path,
    paths: tuple[str, ...] = ("fleet.yml", "packs"),
    read: Iterable[str] = (),
) -> Stamp:
    """The commit the inventory is at and whether what it holds differs from it.

    Dirty means a file under ``paths`` differs from the commit (changed, staged,
    deleted, or new and not ignored), or a file the loader ``read`` (paths relative
    to ``root``, links followed) is not in git at all: untracked or ignored, its
    text is in the artifacts but in no commit.
    """
    import git

    repo = _repo(root)
    if repo is None:
        return Stamp(None, False)
    try:
        commit = repo.head.commit.hexsha
    except ValueError:  # a repository with no commits yet
        return Stamp(None, True)
    work_tree = Path(repo.working_tree_dir or root).resolve()
    prefix = root.resolve().relative_to(work_tree)

    def scoped(path: str) -> str:
        return path if str(prefix) == "." else (prefix / path).as_posix()

    try:
        changed = repo.git.status("--porcelain", "--", *map(scoped, paths)).strip()
        tracked = set(repo.git.ls_files("-z", "--", scoped(".")).split("\0"))
    except git.GitCommandError as exc:
        raise FleetError(f"git status failed: {exc.stderr.strip()}") from exc
    return Stamp(
        commit, bool(changed) or not _all_tracked(root, read, work_tree, tracked)
    )


def _all_tracked(
    root: Path, read: Iterable[str], work_tree: Path, tracked: set[str]
) -> bool:
    """Whether git tracks every file read as the loader reached it: each link on
    the way (a linked group directory) and the file where it really is."""

    def in_git(real: Path) -> bool:
        try:
            return real.relative_to(work_tree).as_posix() in tracked
        except ValueError:  # outside the work tree
            return False

    for path in read:
        here = root
        for part in Path(path).parts:
            here = here / part
            link = Path(os.path.realpath(here.parent)) / here.name
            if here.is_symlink() and not in_git(link):
                return False
        if not in_git(Path(os.path.realpath(here))):
            return False
    return True


# Revisions, for ``fleet diff``: name a commit, find the default base, and lay an
# inventory out as it was at a commit.

INVENTORY_PATHS = ("fleet.yml", "packs")
MAIN_BRANCHES = ("refs/heads/main", "refs/heads/master", "refs/remotes/origin/HEAD")
_SYMLINK_MODE = 0o120000


@dataclass(frozen=True, slots=True)
class Revision:
    """A commit and how the user (or the default) named it."""

    name: str
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:7]


def _open(root: Path):  # type: ignore[no-untyped-def]
    repo = _repo(root)
    if repo is None or repo.bare:
        raise FleetError(
            f"{root} is not inside a git work tree",
            "fleet diff compares revisions of an inventory kept in git",
        )
    return repo


def _prefix(repo, root: Path) -> str:  # type: ignore[no-untyped-def]
    work_tree = Path(repo.working_tree_dir).resolve()
    try:
        prefix = root.resolve().relative_to(work_tree)
    except ValueError as exc:
        raise FleetError(f"{root} is outside the git work tree {work_tree}") from exc
    return "" if str(prefix) == "." else prefix.as_posix()


def inventory_prefix(root: Path) -> str:
    """Where the inventory directory sits inside its repository, as a posix path
    ('' at the top)."""
    return _prefix(_open(root), root)


def _rev_parse(repo, rev: str) -> str | None:  # type: ignore[no-untyped-def]
    import git

    try:
        out: str = repo.git.rev_parse(
            "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
    except git.GitCommandError:
        return None
    return out.strip()


def resolve_revision(root: Path, rev: str) -> Revision:
    """The commit ``rev`` names, with everything git's own syntax allows.

    A name that is not a commit is a usage error.
    """
    repo = _open(root)
    commit = _rev_parse(repo, rev) if rev.strip() else None
    if commit is None:
        hint = "name a branch, tag or commit"
        if ".." in rev:
            hint = "give the two revisions as two arguments: fleet diff REV1 REV2"
        raise UsageError(f"unknown revision '{rev}'", hint)
    return Revision(rev, commit)


def default_base(root: Path) -> Revision:
    """The merge base of HEAD with main, else master, else origin/HEAD."""
    import git

    repo = _open(root)
    if _rev_parse(repo, "HEAD") is None:
        raise UsageError("HEAD has no commit yet, so there is no base to diff against")
    for ref in MAIN_BRANCHES:
        if _rev_parse(repo, ref) is None:
            continue
        name = ref.removeprefix("refs/heads/").removeprefix("refs/remotes/")
        try:
            base: str = repo.git.merge_base("HEAD", ref).strip()
        except git.GitCommandError as exc:
            raise UsageError(
                f"HEAD and {name} have no common ancestor",
                "name the base revision: fleet diff REV",
            ) from exc
        return Revision(f"merge base with {name}", base)
    raise UsageError(
        "no main branch to diff against: none of main, master, origin/HEAD exists",
        "name the base revision: fleet diff REV",
    )


def export_inventory(root: Path, revision: Revision, dest: Path) -> Path:
    """Write the inventory's files as they are at ``revision`` under ``dest``.

    Returns the directory that holds fleet.yml there (``dest`` plus the inventory's
    path inside the repository). Symbolic links and submodules are left out: their
    targets are not part of the revision.
    """
    repo = _open(root)
    prefix = _prefix(repo, root)
    tree = repo.commit(revision.commit).tree
    out = dest.joinpath(*prefix.split("/")) if prefix else dest
    out.mkdir(parents=True, exist_ok=True)
    for name in INVENTORY_PATHS:
        entry_path = f"{prefix}/{name}" if prefix else name
        try:
            entry = tree / entry_path
        except KeyError:
            continue
        items = [entry] if entry.type == "blob" else list(entry.traverse())
        for blob in items:
            if blob.type != "blob" or blob.mode == _SYMLINK_MODE:
                continue
            target = dest.joinpath(*blob.path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob.data_stream.read())
    return out
