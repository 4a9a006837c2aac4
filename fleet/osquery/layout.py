"""Where osquery's packages put things on each platform (osquery 5.x).

The Linux packages read ``/etc/osquery``; the macOS package reads ``/var/osquery``
(its LaunchDaemon passes ``--flagfile /private/var/osquery/osquery.flags``); the
Windows MSI installs to ``C:\\Program Files\\osquery``. Windows paths are built with
backslashes only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Layout:
    platform: str
    config_dir: str
    separator: str

    def join(self, *parts: str) -> str:
        return self.separator.join((self.config_dir, *parts))

    @property
    def config_path(self) -> str:
        return self.join("osquery.conf")

    @property
    def flags_path(self) -> str:
        return self.join("osquery.flags")

    @property
    def packs_dir(self) -> str:
        # The macOS pkg and the Windows MSI ship osquery's example packs in
        # <config dir>/packs; fleet's own directory is purged of unknown files, so
        # it must not be that one. On Linux the examples live under /opt/osquery.
        return self.join("packs" if self.platform == "linux" else "fleet-packs")

    @property
    def secret_path(self) -> str:
        return self.join("enroll_secret")

    def pack_path(self, name: str, packs_dir: str | None = None) -> str:
        return self.separator.join((packs_dir or self.packs_dir, f"{name}.conf"))

    def as_dict(self) -> dict[str, str]:
        return {
            "config_dir": self.config_dir,
            "config_path": self.config_path,
            "flags_path": self.flags_path,
            "packs_dir": self.packs_dir,
            "secret_path": self.secret_path,
        }


# Where osquery's packages ship their example packs (5.x, and older Linux packages).
PACKAGE_PACK_DIRS = frozenset(
    {
        "/opt/osquery/share/osquery/packs",
        "/usr/share/osquery/packs",
        "/var/osquery/packs",
        "/private/var/osquery/packs",
        "C:\\Program Files\\osquery\\packs",
    }
)

LAYOUTS = {
    "linux": Layout("linux", "/etc/osquery", "/"),
    "darwin": Layout("darwin", "/var/osquery", "/"),
    "windows": Layout("windows", "C:\\Program Files\\osquery", "\\"),
}


def packs_dir_problem(packs_dir: str, platform: str) -> str:
    """Why ``packs_dir`` cannot be fleet's packs directory on ``platform``, or ''.

    Both renderers delete the files in it that fleet does not manage (a pack that
    left the inventory must stop running), so it must be a directory of its own:
    an absolute, normalised path (no '.', '..', '//', no trailing separator), at
    least two levels deep, named for packs, not where osquery's package keeps its
    example packs, and not holding the osquery config directory.
    """
    layout = LAYOUTS[platform]
    windows = platform == "windows"
    separator = layout.separator
    if windows:
        if not re.fullmatch(r"[A-Za-z]:\\[^/]*", packs_dir):
            return "is not an absolute Windows path written with backslashes"
        parts = packs_dir[3:].split(separator)
    else:
        if not packs_dir.startswith("/"):
            return "is not an absolute path"
        parts = packs_dir[1:].split(separator)
    if any(part in ("", ".", "..") for part in parts):
        return "is not a normalised path (no '.', '..', '//' or trailing separator)"
    if len(parts) < 2:
        return "is a top-level directory"
    if "pack" not in parts[-1].lower():
        return "is not a directory of its own for packs (its name has no 'pack')"
    fold = str.lower if windows else str
    if fold(packs_dir) in {fold(d) for d in PACKAGE_PACK_DIRS}:
        return "is where osquery's package keeps its own example packs"
    if fold(layout.config_dir + separator).startswith(fold(packs_dir + separator)):
        return "holds the osquery config directory"
    return ""
