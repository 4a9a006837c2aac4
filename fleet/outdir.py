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


def check_replaceable(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise FleetError(
            f"{out} exists and is not a directory", "choose another output path"
        )
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise FleetError(
            f"{out} holds files fleet did not write",
            "fleet replaces its output directory whole; choose an empty or new "
            "directory",
        )


def write_tree(out: Path, files: dict[str, bytes], marker: str = "") -> None:
    """Replace ``out`` with exactly ``files`` (relative POSIX paths to bytes)."""
    out = Path(os.path.abspath(out))
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for path, data in sorted(files.items()):
            target = staging.joinpath(*_safe_relative(path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_text(
            marker or "written by fleet; replaced whole on each run\n"
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
