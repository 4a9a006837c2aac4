"""Which files to read, and in which format: by extension first, then by content.

``SOURCE`` arguments are files or directories; directories are walked in sorted
order, skipping hidden entries (``.git`` and the like). Documentation is skipped
without a word; any other file the importer does not recognise is reported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from fleet.errors import FleetError, UsageError
from fleet.load.inventory import display_path

JSON, FLAGS, YAML, SQL, DOC, UNKNOWN = "json", "flags", "yaml", "sql", "doc", "unknown"
SUFFIXES = {
    ".conf": JSON,
    ".json": JSON,
    ".flags": FLAGS,
    ".yml": YAML,
    ".yaml": YAML,
    ".sql": SQL,
}
DOC_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".adoc"})
DOC_NAMES = re.compile(
    r"(README|LICENSE|LICENCE|COPYING|NOTICE|CHANGELOG|CHANGES|AUTHORS|CONTRIBUTING|"
    r"SOURCES|CODEOWNERS)([._-].*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path  # absolute
    root: Path  # the source tree it was found in (a directory argument, or the file's)
    shown: str  # how findings name it (relative to the working directory)

    @property
    def rel(self) -> str:
        """A name independent of the working directory: the tree's name and the path."""
        return (Path(self.root.name) / self.path.relative_to(self.root)).as_posix()


def collect(arguments: list[Path], skip: Path | None = None) -> list[SourceFile]:
    """Every file under the arguments, once, in order; a missing one stops the run.

    Files under ``skip`` (the output directory) are not sources, so importing a tree
    into a folder inside it twice does not read the first import back in. A source
    inside ``skip`` (or ``skip`` itself) is a usage error: nothing would be read.
    """
    if skip is not None:
        refuse_sources_in_output(arguments, skip)
    seen: set[Path] = set(_walk(Path(os.path.abspath(skip)))) if skip else set()
    out: list[SourceFile] = []
    for argument in arguments:
        path = Path(os.path.abspath(argument))
        if path.is_dir():
            files = sorted(_walk(path))
            root = path
        elif path.is_file():
            files, root = [path], path.parent
        else:
            raise FleetError(
                f"cannot read {argument}: no such file or directory",
                "give files or directories to import",
            )
        for file in files:
            if file not in seen:
                seen.add(file)
                out.append(SourceFile(file, root, display_path(file)))
    return out


def refuse_sources_in_output(arguments: list[Path], out: Path) -> None:
    """A source that is the output directory or lies inside it would be read back
    as what the import writes (and is skipped as output); refuse it up front."""
    real_out = os.path.realpath(out)
    for argument in arguments:
        real = os.path.realpath(argument)
        if os.path.commonpath([real_out, real]) != real_out:
            continue
        where = "is" if real == real_out else "lies inside"
        raise UsageError(
            f"source {argument} {where} the output directory {out} (--out); "
            "fleet import never reads its own output, so nothing was imported or "
            "written",
            "give --out a directory outside every source, such as a new folder "
            "beside them",
        )


def source_holding(arguments: list[Path], out: Path) -> Path | None:
    """The source directory the output directory lies in, if any."""
    real_out = os.path.realpath(out)
    for argument in arguments:
        real = os.path.realpath(argument)
        if real != real_out and os.path.commonpath([real_out, real]) == real:
            return argument
    return None


def _walk(directory: Path) -> list[Path]:
    out: list[Path] = []
    for current, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [Path(current) / n for n in sorted(names) if not n.startswith(".")]
    return out


def kind_by_name(path: Path) -> str:
    if path.suffix.lower() in SUFFIXES:
        return SUFFIXES[path.suffix.lower()]
    if path.suffix.lower() in DOC_SUFFIXES or DOC_NAMES.match(path.name):
        return DOC
    return UNKNOWN


def kind_by_content(text: str) -> str:
    """Other extensions: a JSON object (osquery comments allowed) or flag lines."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    significant = [ln for ln in lines if not ln.startswith(("#", "//"))]
    if significant and significant[0].startswith("{"):
        return JSON
    if significant and all(ln.startswith("--") and len(ln) > 2 for ln in significant):
        return FLAGS
    return UNKNOWN


def in_fragments(source: SourceFile) -> bool:
    """osquery-defense-kit keeps reusable snippets, not queries, in ``fragments/``."""
    return "fragments" in source.path.relative_to(source.root).parts[:-1] or (
        source.path.parent.name == "fragments"
    )
