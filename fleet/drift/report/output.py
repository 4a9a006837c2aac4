"""Where ``--output`` writes a report: whole or not at all, and never over
something the user would lose.

The path is checked before any host is read and again just before writing: its
directory must exist, it must lie outside the inventory (a report there would make
the inventory's git tree dirty), and a file already there is replaced only when it
is empty or a report fleet drift wrote (each format recognises its own, by its
header or its schema marker). The report goes to a temporary file in the same
directory, which then takes the path's place with one ``os.replace``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fleet.drift.report import FORMATS
from fleet.errors import FleetError

PEEK = 4096  # bytes read from each end of an existing file to recognise it


def _peek(path: Path) -> tuple[str, str]:
    with path.open("rb") as fh:
        head = fh.read(PEEK)
        fh.seek(max(0, fh.seek(0, os.SEEK_END) - PEEK))
        tail = fh.read(PEEK)
    return head.decode("utf-8", "replace"), tail.decode("utf-8", "replace")


def written_by_drift(path: Path) -> bool:
    """Whether ``path`` holds a report of fleet drift, in any format."""
    head, tail = _peek(path)
    return any(f.written_by(head, tail) for f in FORMATS.values())


def check_output(path: Path, inventory: Path) -> None:
    """Refuse an output path where writing the report would lose something."""
    where = Path(os.path.abspath(path))
    if not where.parent.is_dir():
        raise FleetError(
            f"cannot write the report to {path}: directory {where.parent} does not "
            "exist",
            "create it first, or choose another path",
        )
    target = where.parent.resolve() / where.name
    root = inventory.resolve()
    if target == root or root in target.parents:
        raise FleetError(
            f"refusing to write the report to {path}: it is inside the inventory "
            f"{inventory}",
            "write it outside the inventory directory; a report there would make "
            "its git tree dirty",
        )
    if where.is_symlink() or (where.exists() and not where.is_file()):
        raise FleetError(
            f"refusing to write the report to {path}: it is not a regular file",
            "choose another path",
        )
    try:
        replaceable = not where.exists() or where.stat().st_size == 0
        replaceable = replaceable or written_by_drift(where)
    except OSError as exc:
        raise FleetError(f"cannot read {path}: {exc.strerror}") from exc
    if not replaceable:
        raise FleetError(
            f"refusing to overwrite {path}: it is not a report of fleet drift",
            "choose another path, or move the file away first",
        )


def write_report(path: Path, text: str, inventory: Path) -> None:
    """Write ``text`` to ``path`` whole or not at all (checked again first)."""
    check_output(path, inventory)
    where = Path(os.path.abspath(path))
    try:
        umask = os.umask(0)
        os.umask(umask)
        mode = where.stat().st_mode & 0o777 if where.exists() else 0o666 & ~umask
        fd, temp = tempfile.mkstemp(prefix=f".{where.name}.", dir=where.parent)
    except OSError as exc:
        raise FleetError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, mode)  # an existing report's mode, else as open() would
        os.replace(temp, where)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise FleetError(f"cannot write {path}: {exc.strerror}") from exc
        raise
