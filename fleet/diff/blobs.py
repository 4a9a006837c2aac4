"""File contents at a commit as a checkout writes them: through the conversions the
working tree configures (a smudge filter such as git-crypt's or Git LFS's, ident,
working-tree-encoding, end-of-line conversion). Files git does not convert are read
straight from the object database."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING, Any

from fleet.errors import FleetError

if TYPE_CHECKING:
    from git import Repo

CONVERTING = ("filter", "ident", "working-tree-encoding", "text", "eol")


def checked_out(repo: Repo, blobs: list[tuple[Any, str]]) -> list[bytes]:
    """The contents of ``blobs`` (a blob and its path in ``repo``) as checked out."""
    converted = _converted(repo, [path for _, path in blobs])
    return [
        _filtered(repo, blob.hexsha, path)
        if path in converted
        else blob.data_stream.read()
        for blob, path in blobs
    ]


def _git(
    repo: Repo, *args: str, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", *args],
        cwd=str(repo.working_tree_dir),
        input=stdin,
        capture_output=True,
        check=False,
    )


def _converted(repo: Repo, paths: list[str]) -> set[str]:
    """The paths git converts on checkout: core.autocrlf converts every text file;
    otherwise an attribute says so."""
    autocrlf = _git(repo, "config", "--get", "core.autocrlf").stdout.strip()
    if autocrlf.lower() == b"true":
        return set(paths)
    done = _git(repo, "check-attr", "-z", "--stdin", *CONVERTING, stdin=_nul(paths))
    if done.returncode != 0:
        raise FleetError(f"git check-attr failed: {_message(done)}")
    fields = done.stdout.split(b"\0")
    return {
        fields[i].decode("utf-8", "surrogateescape")
        for i in range(0, len(fields) - 2, 3)
        if fields[i + 2] != b"unspecified"
    }


def _filtered(repo: Repo, sha: str, path: str) -> bytes:
    done = _git(repo, "cat-file", "--filters", f"--path={path}", sha)
    if done.returncode != 0:
        raise FleetError(f"git cat-file failed on {path}: {_message(done)}")
    return done.stdout


def _nul(paths: list[str]) -> bytes:
    return b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)


def _message(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stderr.decode(errors="replace").strip()
