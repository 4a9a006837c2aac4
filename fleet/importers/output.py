"""Write an import into DIR: all files or none, never over an existing file.

The files are first written to a staging directory inside DIR, then linked into
place one by one; ``os.link`` fails rather than replace a file that appeared in the
meantime. If any step fails, whatever was placed is removed again, so DIR is left
as it was. Nothing is written outside DIR, and DIR's parent must exist: like every
fleet output, fleet creates DIR itself, never the directories above it.

When DIR held an inventory, the targets of its fleet.yml that now select imported
packs are reported (``reach``): the next compile ships them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from fleet.errors import FleetError
from fleet.findings import Finding, Pos, error
from fleet.importers.model import ImportResult
from fleet.importers.reach import Reach, reach
from fleet.importers.writer import inventory_files
from fleet.load.inventory import PACK_SUFFIXES, ROOT_FILE, display_path
from fleet.outdir import check_parent


@dataclass(slots=True)
class Saved:
    files: list[str]  # written, relative to DIR; empty when nothing was written
    findings: list[Finding]
    # The existing targets that now select imported packs (an existing inventory).
    reached: list[Reach] = field(default_factory=list)


def save(result: ImportResult, out: Path) -> Saved:
    """Write ``result`` into ``out`` unless that would touch an existing file."""
    check_parent(out)
    existing = survey(out)
    files, notes = inventory_files(
        result, existing.inventory, existing.readmes, existing.groups
    )
    problems = conflicts(out, files, existing)
    if problems:
        return Saved([], notes + problems)
    write_files(out, files)
    if not existing.inventory or not result.packs:
        return Saved(sorted(files), notes)
    reached, warnings = reach(out, {p.name for p in result.packs})
    return Saved(sorted(files), notes + warnings, reached)


@dataclass(slots=True)
class Existing:
    """What DIR holds already."""

    inventory: bool = False
    packs: dict[str, str] = field(default_factory=dict)  # pack name -> its file
    readmes: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)  # folders under packs/


def survey(out: Path) -> Existing:
    if out.exists() and not out.is_dir():
        raise FleetError(f"{out} exists and is not a directory", "choose another --out")
    existing = Existing(inventory=(out / ROOT_FILE).is_file())
    packs_dir = out / "packs"
    if packs_dir.is_dir():
        existing.groups = {p.name for p in packs_dir.iterdir() if p.is_dir()}
        for path in sorted(packs_dir.rglob("*")):
            rel = path.relative_to(out).as_posix()
            if path.is_file() and path.suffix in PACK_SUFFIXES:
                existing.packs.setdefault(path.stem, rel)
            elif path.is_file() and path.name == "README.md":
                existing.readmes.add(rel)
    return existing


def conflicts(out: Path, files: dict[str, bytes], existing: Existing) -> list[Finding]:
    """An error for every file that exists and every pack name already taken."""
    found = []
    for rel in sorted(files):
        target = out / rel
        if target.exists() or target.is_symlink():
            found.append(
                error(
                    "import-conflict",
                    Pos(display_path(target), 1, 1, ""),
                    f"{rel} exists in {out}; fleet import never overwrites a file",
                    "import into a new directory, or remove or rename the file",
                )
            )
            continue
        path = PurePosixPath(rel)
        if (
            rel.startswith("packs/")
            and path.suffix == ".yml"
            and path.stem in existing.packs
        ):
            other = existing.packs[path.stem]
            found.append(
                error(
                    "import-conflict",
                    Pos(display_path(out / other), 1, 1, ""),
                    f"pack `{path.stem}` exists as {other}; the import would add "
                    f"{rel} with the same name",
                    "pack names are unique across groups; rename one of them",
                )
            )
    return found


def write_files(out: Path, files: dict[str, bytes]) -> None:
    out = Path(os.path.abspath(out))
    created_out = not out.exists()
    try:
        out.mkdir(exist_ok=True)  # its parent exists: check_parent
        staging = Path(tempfile.mkdtemp(prefix=".fleet-import-", dir=out))
    except OSError as exc:
        raise FleetError(f"cannot write to {out}: {exc.strerror}") from None
    placed: list[Path] = []
    made: list[Path] = []
    try:
        for rel, data in sorted(files.items()):
            staged = staging / rel
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(data)
        for rel in sorted(files):
            final = out.joinpath(*_safe(rel).parts)
            _make_parents(final.parent, out, made)
            _place(staging / rel, final)
            placed.append(final)
    except OSError as exc:
        for path in reversed(placed):
            path.unlink(missing_ok=True)
        for directory in reversed(made):
            _rmdir_quietly(directory)
        shutil.rmtree(staging, ignore_errors=True)
        if created_out:
            _rmdir_quietly(out)
        raise FleetError(
            f"cannot write to {out}: {exc.strerror or exc}; nothing was written"
        ) from None
    shutil.rmtree(staging, ignore_errors=True)


def _safe(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or "\\" in rel:
        raise FleetError(
            f"refusing to write '{rel}': it would leave the output directory"
        )
    return path


def _make_parents(directory: Path, out: Path, made: list[Path]) -> None:
    missing = []
    while directory != out and not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        path.mkdir()
        made.append(path)


def _place(staged: Path, final: Path) -> None:
    try:
        os.link(staged, final)
    except FileExistsError:
        raise
    except OSError:  # no hard links here: an exclusive create is as safe
        with open(final, "xb") as handle:
            handle.write(staged.read_bytes())


def _rmdir_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.rmdir()
