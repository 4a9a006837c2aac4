"""Where osquery's packages put things on each platform (osquery 5.x).

The Linux packages read ``/etc/osquery``; the macOS package reads ``/var/osquery``
(its LaunchDaemon passes ``--flagfile /private/var/osquery/osquery.flags``); the
Windows MSI installs to ``C:\\Program Files\\osquery``. Windows paths are built with
backslashes only.
"""

from __future__ import annotations

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
