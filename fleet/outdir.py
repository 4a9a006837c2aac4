"""Atomic output directories: a run replaces DIR whole, or leaves it as it was.

Files are written to a fresh sibling directory, which then takes DIR's place with
two renames. A directory fleet did not write (no marker file) is never replaced, and
every path is checked to stay inside the output directory. ``check_outputs`` checks
a run's outputs before any is written: distinct, replaceable, and each with an
existing parent (fleet creates the output itself, never the directories above it).

The sibling directories are named ``.DIR.new-HOST-PID-XXXXXXXX`` (the files being
written) and ``.DIR.old-HOST-PID-XXXXXXXX`` (the previous output, while it is swapped
out). A run that is killed leaves them behind; the next run removes those that are
provably fleet's own: the name, a dead owner on this host, and nothing inside but
the files fleet's marker lists.

The marker also says what kind of output the directory holds (``KINDS``: compiled
configuration, a Chef cookbook, a Puppet module), and a run refuses to replace a
directory holding another kind: ``--chef-out`` given the Puppet module's directory
would otherwise silently swap them. A marker written before kinds were recorded
is taken to match, once: the run writes its kind.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import socket
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from fleet.errors import FleetError, UsageError

log = logging.getLogger("fleet")

MARKER = ".fleet-output"
MARKER_HEADER = "# written by fleet; replaced whole on each run. Files it wrote:\n"
_KIND_LINE = "# kind: "
# What an output directory can hold: kind -> (what it is, the command writing it).
KINDS = {
    "compile": ("compiled osquery configuration", "fleet compile"),
    "chef": ("Chef cookbook", "fleet render chef"),
    "puppet": ("Puppet module", "fleet render puppet"),
}


def describe_kind(kind: str) -> str:
    """'a Chef cookbook (fleet render chef)'; an unknown kind by its name."""
    what, command = KINDS.get(kind, (f"'{kind}' output", "another fleet"))
    article = "an" if what[0].lower() in "aeiou" else "a"
    return f"{article} {what} ({command})"


# Signals that stop a run: held back while the output is swapped, so that a stop
# never falls between the two renames.
_STOPS = frozenset(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP")
    if hasattr(signal, name)
)


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\\" in path:
        raise FleetError(
            f"refusing to write '{path}': it would leave the output directory"
        )
    return rel


def _read_marker(out: Path) -> tuple[set[str] | None, str | None]:
    """From the marker, the files fleet wrote last time (None: the marker of an
    older fleet, which did not list them) and the kind it records (None: a marker
    from before kinds)."""
    lines = (out / MARKER).read_text(encoding="utf-8").splitlines()
    kind = next(
        (
            line[len(_KIND_LINE) :].split(" ", 1)[0] or None
            for line in lines[1:]
            if line.startswith(_KIND_LINE)
        ),
        None,
    )
    if not lines or not lines[0].startswith("# written by fleet"):
        return None, kind
    return {line for line in lines[1:] if not line.startswith("#")}, kind


def _marker(files: dict[str, bytes], kind: str | None) -> str:
    head = MARKER_HEADER
    if kind is not None:
        what, command = KINDS.get(kind, (kind, "fleet"))
        head += f"{_KIND_LINE}{kind} ({what}, written by {command})\n"
    return head + "".join(f"{path}\n" for path in sorted(files))


def _real(path: Path) -> Path:
    return Path(os.path.realpath(os.path.abspath(path)))


def check_distinct(outputs: Mapping[str, Path]) -> None:
    """Refuse (a usage error) two outputs of one run that are the same directory or
    one inside the other: each is replaced whole, so one would lose the other."""
    named = [(option, _real(path)) for option, path in outputs.items()]
    for i, (first, a) in enumerate(named):
        for second, b in named[i + 1 :]:
            if a == b:
                problem = f"{first} and {second} are the same directory ({a})"
            elif a in b.parents or b in a.parents:
                outer, inner = (first, second) if a in b.parents else (second, first)
                problem = f"{inner} {outputs[inner]} is inside {outer} {outputs[outer]}"
            else:
                continue
            raise UsageError(
                problem,
                "each output directory is replaced whole; give separate ones",
            )


def check_replaceable(
    out: Path, keep: Path | None = None, kind: str | None = None, asked: str = ""
) -> None:
    """Refuse to replace ``out`` when that would lose something the user has: a
    file or link in its place, a directory fleet did not write, files added to one
    it did, output of another kind than ``kind`` (``asked`` names the option), or
    the inventory ``keep`` (the directory itself, or its packs/, which the loader
    reads)."""
    try:
        held = _check_replaceable(out, keep)
    except OSError as exc:
        raise FleetError(f"cannot write {out}: {_reason(exc)}") from None
    if kind is not None and held is not None and held != kind:
        option = f" for {asked}" if asked else ""
        raise FleetError(
            f"{out} holds {describe_kind(held)}, but {describe_kind(kind)} was "
            f"asked to replace it{option}",
            "check the output options (were two swapped?); give another directory, "
            "or remove this one first if it is really to hold the other kind",
        )


def _check_replaceable(out: Path, keep: Path | None) -> str | None:
    """The checks but the kind's; returns the kind the marker records, if any."""
    if out.is_symlink():
        raise FleetError(f"{out} is a symbolic link", "give the real directory")
    if out.exists() and not out.is_dir():
        raise FleetError(
            f"{out} exists and is not a directory", "choose another output path"
        )
    if keep is not None:
        inventory, real = keep.resolve(), _real(out)
        if inventory == real or real in inventory.parents:
            raise FleetError(
                f"{out} holds the inventory itself", "choose an output path outside it"
            )
        packs = inventory / "packs"
        if real == packs or packs in real.parents:
            raise FleetError(
                f"{out} is inside the inventory's packs/",
                "choose an output path outside packs/, which fleet reads",
            )
    if not out.is_dir() or not any(out.iterdir()):
        return None
    if not (out / MARKER).is_file():
        raise FleetError(
            f"{out} holds files fleet did not write",
            "fleet replaces its output directory whole; choose an empty or new "
            "directory",
        )
    written, held = _read_marker(out)
    if written is None:
        return held
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
    return held


def check_parent(out: Path) -> None:
    """The one rule for every output, directory or file: its parent directory must
    exist. fleet creates the output itself, never the directories above it."""
    parent = Path(os.path.abspath(out)).parent
    if not parent.is_dir():
        raise FleetError(
            f"cannot write {out}: {parent} does not exist",
            "create it first; fleet creates only the output itself",
        )


def check_outputs(
    outputs: Mapping[str, Path],
    keep: Path | None = None,
    kinds: Mapping[str, str] | None = None,
) -> None:
    """Everything about a run's outputs that can be known before writing any:
    distinct (a usage error otherwise), and each one replaceable, and holding no
    other kind of output than ``kinds`` gives for its option."""
    check_distinct(outputs)
    for option, path in outputs.items():
        check_parent(path)
        check_replaceable(path, keep, (kinds or {}).get(option), option)


def write_tree(
    out: Path,
    files: dict[str, bytes],
    keep: Path | None = None,
    kind: str | None = None,
) -> None:
    """Replace ``out`` with exactly ``files`` (relative POSIX paths to bytes).

    ``keep`` is the inventory, which must survive: ``out`` may not be it, hold it,
    or lie in its packs/. ``kind`` (a key of ``KINDS``) is recorded in the marker,
    and ``out`` holding another kind is refused. An OS error becomes one
    FleetError naming ``out``.
    """
    out = Path(os.path.abspath(out))
    check_replaceable(out, keep, kind)
    try:
        remove_leftovers(out)
        _write(out, files, kind)
    except OSError as exc:
        raise FleetError(f"cannot write {out}: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _write(out: Path, files: dict[str, bytes], kind: str | None) -> None:
    staging = _sibling(out, "new")
    try:
        # mkdtemp makes it private (0700); the output is for others to read too.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        # The marker comes first, so that a killed run's leftover is provably ours.
        (staging / MARKER).write_text(_marker(files, kind), encoding="utf-8")
        for path, data in sorted(files.items()):
            target = staging.joinpath(*_safe_relative(path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    with _stops_held():
        if not out.exists():
            os.rename(staging, out)
            return
        old = _sibling(out, "old")
        os.rmdir(old)
        os.rename(out, old)
        try:
            os.rename(staging, out)
        except OSError:
            os.rename(old, out)
            raise
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _stops_held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP wait until the block is done, then act."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


# Leftovers of killed runs --------------------------------------------------------

_SUFFIX_CHARS = "[a-z0-9_]+"  # what tempfile.mkdtemp appends


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.]", "", socket.gethostname())[:63] or "host"


def _sibling(out: Path, kind: str) -> Path:
    prefix = f".{out.name}.{kind}-{_host()}-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent))


def _leftover_pattern(out: Path) -> re.Pattern[str]:
    return re.compile(
        rf"\.{re.escape(out.name)}\.(?:new|old)-(?P<host>[A-Za-z0-9.]+)-"
        rf"(?P<pid>[0-9]+)-{_SUFFIX_CHARS}"
    )


def remove_leftovers(out: Path) -> list[Path]:
    """Remove what killed runs left beside ``out``; return what was removed.

    Only directories named as fleet names them, whose owner was a process on this
    host that no longer exists, and which hold nothing but the files their marker
    lists (or nothing at all). Anything else is left alone.
    """
    pattern = _leftover_pattern(out)
    removed = []
    for entry in sorted(out.parent.iterdir()):
        found = pattern.fullmatch(entry.name)
        if found is None or entry.is_symlink() or not entry.is_dir():
            continue
        if found["host"] != _host() or _alive(int(found["pid"])):
            continue
        if not _only_fleet_files(entry):
            continue
        try:
            _remove(entry)
        except OSError as exc:  # tidying up never stops the run
            log.warning(f"could not remove {entry}: {_reason(exc)}")
            continue
        log.info(f"removed {entry}, left by a run that was killed")
        removed.append(entry)
    return removed


def _remove(directory: Path) -> None:
    """Remove a leftover, its marker last: what remains of a removal that fails
    half-way is still recognised next time."""
    for parent, dirnames, filenames in os.walk(directory, topdown=False):
        for name in filenames:
            if not (name == MARKER and Path(parent) == directory):
                os.unlink(os.path.join(parent, name))
        for name in dirnames:
            path = os.path.join(parent, name)
            if os.path.islink(path):
                os.unlink(path)
            else:
                os.rmdir(path)
    (directory / MARKER).unlink(missing_ok=True)
    os.rmdir(directory)


def _alive(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid() or os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


def _only_fleet_files(directory: Path) -> bool:
    entries = []
    for parent, dirnames, filenames in os.walk(directory):
        base = Path(parent).relative_to(directory)
        entries += [(base / name).as_posix() for name in dirnames + filenames]
    if not entries:
        return True
    marker = directory / MARKER
    if marker.is_symlink() or not marker.is_file():
        return False
    try:
        listed, _ = _read_marker(directory)
    except (OSError, UnicodeDecodeError):
        return False
    if listed is None:
        return False
    folders = {
        PurePosixPath(path).parents[i].as_posix()
        for path in listed
        for i in range(len(PurePosixPath(path).parts) - 1)
    }
    for path in entries:
        full = directory / path
        if path == MARKER:
            continue
        if full.is_dir() and not full.is_symlink():
            if path not in folders:
                return False
        elif path not in listed:
            return False
    return True


def read_tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (except the marker) as relative POSIX paths."""
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name != MARKER:
            files[path.relative_to(out).as_posix()] = path.read_bytes()
    return files
