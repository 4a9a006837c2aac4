"""Atomic output directories: a run replaces DIR whole, or leaves it as it was.

Files are written to a fresh sibling directory, which then takes DIR's place with
two renames. A directory fleet did not write (no marker file) is never replaced, and
every path is checked to stay inside the output directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from fleet.errors import FleetError

MARKER = ".fleet-output"


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\\" in path:
        raise FleetError(
            f"refusing to write '{path}': it would leave the output directory"
        )
    return rel


MARKER_HEADER = "# written by fleet; replaced whole on each run. Files it wrote:\n"


def _written_before(out: Path) -> set[str] | None:
    """The files fleet wrote last time, from the marker (None: the marker of an
    older fleet, which did not list them)."""
    lines = (out / MARKER).read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].startswith("# written by fleet"):
        return None
    return set(lines[1:])


def check_replaceable(out: Path, keep: Path | None = None) -> None:
    """Refuse to replace ``out`` when that would lose something the user has: a
    file or link in its place, a directory fleet did not write, files added to one
    it did, or ``keep`` (the inventory) inside it."""
    if out.is_symlink():
        raise FleetError(f"{out} is a symbolic link", "give the real directory")
    if out.exists() and not out.is_dir():
        raise FleetError(
            f"{out} exists and is not a directory", "choose another output path"
        )
    if keep is not None:
        inventory = keep.resolve()
        if inventory == out.resolve() or out.resolve() in inventory.parents:
            raise FleetError(
                f"{out} holds the inventory itself", "choose an output path outside it"
            )
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not (out / MARKER).is_file():
        raise FleetError(
            f"{out} holds files fleet did not write",
            "fleet replaces its output directory whole; choose an empty or new "
            "directory",
        )
    written = _written_before(out)
    if written is None:
        return
    added = sorted(
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if (path.is_file() or path.is_symlink())
        and path.name != MARKER
        and path.relative_to(out).as_posix() not in written
    )
    if added:
        shown = ", ".join(added[:5]) + (
            f" and {len(added) - 5} more" if len(added) > 5 else ""
        )
        raise FleetError(
            f"{out} holds files fleet did not write: {shown}",
            "fleet replaces this directory whole; move them out (or delete them) first",
        )


def write_tree(out: Path, files: dict[str, bytes], keep: Path | None = None) -> None:
    """Replace ``out`` with exactly ``files`` (relative POSIX paths to bytes).

    ``keep`` is a directory that must survive (the inventory): ``out`` may not be
    it or hold it.
    """
    out = Path(os.path.abspath(out))
    check_replaceable(out, keep)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        # mkdtemp makes it private (0700); the output is for others to read too.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        for path, data in sorted(files.items()):
            target = staging.joinpath(*_safe_relative(path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_text(
            MARKER_HEADER + "".join(f"{path}\n" for path in sorted(files)),
            encoding="utf-8",
        )
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def read_tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (except the marker) as relative POSIX paths."""
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name != MARKER:
            files[path.relative_to(out).as_posix()] = path.read_bytes()
    return files
