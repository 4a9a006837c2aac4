"""Which paths a host of a target and platform should hold, and what to read of each.

The paths are osquery's layout for the platform (``fleet.osquery.layout``): the main
config, the flag file, the enroll secret when the target manages one, and with
``pack_mode: external`` every pack file at the path ``osquery.conf`` references
(where osquery itself will look). The directories holding them are checked for
owner and mode, and the packs directories are listed to find pack files nobody
manages (K24).
"""

from __future__ import annotations

from dataclasses import dataclass

from fleet.compile.config import CompiledTarget
from fleet.osquery.layout import LAYOUTS, Layout

CONFIG, FLAGS, PACK, SECRET, DIRECTORY = (
    "config",
    "flags",
    "pack",
    "secret",
    "directory",
)
DEFAULT_SOCKET = "/var/osquery/osquery.em"  # Linux and macOS (osquery's default)


@dataclass(frozen=True, slots=True)
class Managed:
    """One path fleet deploys. ``key`` names the compiled file (``osquery.conf``,
    ``packs/web.conf``, ``osquery.linux.flags``) or ``enroll_secret``."""

    key: str
    path: str
    role: str  # config | flags | pack | secret | directory
    content: bool  # read the bytes (never for the secret or a directory)


@dataclass(frozen=True, slots=True)
class ReadPlan:
    platform: str
    files: tuple[Managed, ...]
    listings: tuple[str, ...]  # directories whose entries are listed
    socket: str  # osqueryd's extensions socket, for osqueryi --connect

    def managed(self, path: str) -> Managed | None:
        return next((m for m in self.files if m.path == path), None)


def _parent(layout: Layout, path: str) -> str:
    head, _, _ = path.rpartition(layout.separator)
    return head


def pack_paths(compiled: CompiledTarget) -> dict[str, str]:
    """Pack name -> the path osquery.conf references, for external packs."""
    packs = compiled.config.get("packs")
    if not isinstance(packs, dict):
        return {}
    return {name: path for name, path in packs.items() if isinstance(path, str)}


def plan_for(compiled: CompiledTarget, platform: str) -> ReadPlan:
    layout = LAYOUTS[platform]
    files = [Managed("osquery.conf", layout.config_path, CONFIG, True)]
    flags_key = f"osquery.{platform}.flags"
    if flags_key in compiled.files:
        files.append(Managed(flags_key, layout.flags_path, FLAGS, True))
    if compiled.target.enroll_secret:
        files.append(Managed("enroll_secret", layout.secret_path, SECRET, False))

    dirs = [layout.config_dir]
    for name, path in sorted(pack_paths(compiled).items()):
        files.append(Managed(f"packs/{name}.conf", path, PACK, True))
        directory = _parent(layout, path)
        if directory and directory not in dirs:
            dirs.append(directory)
    files.extend(Managed("", d, DIRECTORY, False) for d in dirs)

    socket = DEFAULT_SOCKET
    for line in compiled.flag_lines.get(platform, []):
        if line.startswith("--extensions_socket="):
            socket = line.partition("=")[2]
    return ReadPlan(platform, tuple(files), tuple(dirs[1:]), socket)


def candidate_platforms(compiled: CompiledTarget, given: str | None) -> list[str]:
    """The platforms a host of this target may be, in the order they are tried."""
    if given:
        return [given]
    return [p for p in compiled.target.platforms if p in LAYOUTS]
