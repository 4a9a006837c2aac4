"""The inventory as ``git checkout`` would lay it out at a commit, written to a
scratch directory so the working tree's loader reads it unchanged.

Only what the loader can reach is written: ``fleet.yml`` and ``packs/``, and what
their symbolic links point at, followed the way the operating system follows them
(through submodules too). Links stay links, so the loader follows a link inside the
inventory and refuses one that leads out, exactly as in the working tree; a link out
of the repository points where the working tree's would. File contents go through
the filters a checkout applies (end-of-line conversion, working-tree encoding, Git
LFS), so a revision reads as the same commit checked out here would.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fleet.diff.blobs import checked_out

if TYPE_CHECKING:
    from git import Repo

INVENTORY_PATHS = ("fleet.yml", "packs")
LINK_MODE = 0o120000
MAX_LINKS = 40  # as Linux: more links than this while resolving one path is a loop
LFS_POINTER = b"version https://git-lfs.github.com/spec/"


@dataclass(frozen=True, slots=True)
class _Dir:
    """A directory at the commit: its tree, the repository that holds it (another
    one inside a submodule), and its path in the top repository and in its own."""

    tree: Any
    repo: Repo
    path: str
    own_path: str


@dataclass(slots=True)
class Checkout:
    """What was laid out: the inventory directory; files that hold a Git LFS pointer
    where the file should be; submodules inside the inventory this clone lacks."""

    directory: Path
    lfs_pointers: set[str] = field(default_factory=set)
    missing_submodules: dict[str, str] = field(default_factory=dict)


def check_out(repo: Repo, commit: str, prefix: str, dest: Path) -> Checkout:
    """Lay the inventory at ``prefix`` out below ``dest`` as it is at ``commit``."""
    writer = _Writer(repo, commit, prefix, dest)
    for name in INVENTORY_PATHS:
        writer.resolve(_parts(posixpath.join(prefix, name)))
    writer.read_contents()
    return Checkout(writer.out, writer.lfs_pointers, writer.missing_submodules)


def _parts(path: str) -> list[str]:
    return [p for p in path.split("/") if p not in ("", ".")]


def repo_path(directory: str, name: str) -> str:
    """``name`` in ``directory``, both repository paths ('' is the top)."""
    return f"{directory}/{name}" if directory else name


class _Writer:
    def __init__(self, repo: Repo, commit: str, prefix: str, dest: Path) -> None:
        self.top = _Dir(repo.commit(commit).tree, repo, "", "")
        self.prefix = prefix
        self.dest = dest
        self.out = dest.joinpath(*_parts(prefix))
        self.done: set[str] = set()
        self.lfs_pointers: set[str] = set()
        self.missing_submodules: dict[str, str] = {}  # path: the commit it records
        self.submodules: dict[str, _Dir | None] = {}
        # Contents to read, per repository: (repository path, blob, own path).
        self.blobs: dict[str, tuple[Repo, list[tuple[str, Any, str]]]] = {}

    def _inside(self, path: str) -> bool:
        return not self.prefix or f"{path}/".startswith(f"{self.prefix}/")

    # Resolving a path, as the operating system would, over the commit's trees.

    def resolve(self, parts: list[str], links: int = 0) -> None:
        """Write what ``parts`` (from the repository's top) names, and every link met
        on the way; a directory it names is written whole."""
        stack = [self.top]
        while parts:
            name, parts = parts[0], parts[1:]
            if name in ("", "."):
                continue
            if name == "..":
                if len(stack) == 1:
                    return  # above the repository: not part of the commit
                stack.pop()
                continue
            here = stack[-1]
            entry = _child(here.tree, name)
            if entry is None:
                return  # the path dangles at this commit
            path = repo_path(here.path, name)
            if entry.mode == LINK_MODE:
                target = self._link(path, entry)
                if links >= MAX_LINKS or target.startswith("/"):
                    return  # a loop, or outside the repository
                links += 1
                parts = target.split("/") + parts
                continue
            if not parts:
                self._entry(here, name, entry)
                return
            inner = self._directory(here, name, entry)
            if inner is None:
                return
            stack.append(inner)

    def _directory(self, here: _Dir, name: str, entry: Any) -> _Dir | None:
        path = repo_path(here.path, name)
        if entry.type == "tree":
            inner = _Dir(entry, here.repo, path, repo_path(here.own_path, name))
        elif entry.type == "submodule":
            if path not in self.submodules:
                self.submodules[path] = self._submodule(path, entry)
            found = self.submodules[path]
            if found is None:
                return None
            inner = found
        else:
            return None  # a file where a directory was expected
        self.dest.joinpath(*path.split("/")).mkdir(parents=True, exist_ok=True)
        return inner

    def _entry(self, here: _Dir, name: str, entry: Any) -> None:
        """Write one entry whole: a file, or a directory with all below it."""
        path = repo_path(here.path, name)
        if path in self.done:
            return
        self.done.add(path)
        if entry.type == "blob":
            self._file(here, path, entry, repo_path(here.own_path, name))
            return
        inner = self._directory(here, name, entry)
        if inner is None:
            return
        for child in inner.tree:
            if child.mode != LINK_MODE:
                self._entry(inner, _name(child), child)
                continue
            child_path = repo_path(path, _name(child))
            if child_path not in self.done:
                self.done.add(child_path)
                target = self._link(child_path, child)
                if not target.startswith("/"):
                    self.resolve(path.split("/") + target.split("/"))

    def _file(self, here: _Dir, path: str, blob: Any, own_path: str) -> None:
        target = self.dest.joinpath(*path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        key = str(here.repo.git_dir)
        self.blobs.setdefault(key, (here.repo, []))[1].append((path, blob, own_path))

    def _link(self, path: str, entry: Any) -> str:
        """Write the link at ``path``; returns its target as stored in git."""
        target = os.fsdecode(entry.data_stream.read())
        written, directory = target, posixpath.dirname(path)
        lexical = posixpath.normpath(posixpath.join(directory, target))
        if not target.startswith("/") and lexical.split("/")[0] == "..":
            # Out of the repository: point where the working tree's link points.
            work_tree = str(self.top.repo.working_tree_dir)
            written = os.path.normpath(os.path.join(work_tree, directory, target))
        link = self.dest.joinpath(*path.split("/"))
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.is_symlink():
            link.symlink_to(written)
        return target

    def _submodule(self, path: str, entry: Any) -> _Dir | None:
        """The submodule's tree at the commit the revision records, if this clone
        has it."""
        import git

        try:
            sub = git.Repo(Path(str(self.top.repo.working_tree_dir), path))
            tree = sub.commit(entry.hexsha).tree
        except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
            if self._inside(path):
                self.missing_submodules[path] = entry.hexsha
            return None
        return _Dir(tree, sub, path, "")

    # Contents, through the filters a checkout applies.

    def read_contents(self) -> None:
        for repo, blobs in self.blobs.values():
            contents = checked_out(repo, [(blob, own) for _, blob, own in blobs])
            for (path, _, _), data in zip(blobs, contents, strict=True):
                self.dest.joinpath(*path.split("/")).write_bytes(data)
                if data.startswith(LFS_POINTER):
                    self.lfs_pointers.add(path)


def _child(tree: Any, name: str) -> Any:
    try:
        return tree[name]
    except KeyError:
        return None


def _name(entry: Any) -> str:
    """An entry's name in its tree (a submodule entry has no ``name`` of its own)."""
    return str(entry.path).rsplit("/", 1)[-1]
