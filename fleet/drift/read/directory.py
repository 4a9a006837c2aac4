"""Read a directory holding a host's osquery files: an extracted backup, a mounted
image, or a root a configuration tool was applied into.

The address is the directory (``/mnt/web-1``, ``./backups/web-1``) or a ``file://``
URL. Files live under their layout paths below it (``<root>/etc/osquery/osquery.conf``).
Without a platform from the hosts file, the first of the target's platforms whose
config file (then config directory) exists there is taken. The osquery package
version comes from ``<root>/var/lib/dpkg/status`` when there is one. Paths are
looked up inside the directory only (``base.confine``): a symbolic link out of it is
never followed, so this machine's files never stand in for the host's.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from fleet.drift.model import Deployed, FileState, HostUnreadable, Unread
from fleet.drift.read.base import PlanFor, confine
from fleet.osquery.layout import LAYOUTS


def directory_of(address: str) -> Path:
    if address.startswith("file://"):
        return Path(unquote(urlsplit(address).path))
    return Path(address)


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def stat_path(root: str, path: str, content: bool) -> tuple[FileState, Unread | None]:
    """The state of ``path`` under ``root``, and what of it could not be read."""
    local, outside = confine(root, path)
    if outside:
        return FileState(path, "unknown"), Unread(path, outside, path)
    try:
        st = os.lstat(local)
    except (FileNotFoundError, NotADirectoryError):
        return FileState(path, "missing"), None
    except OSError as exc:
        return FileState(path, "unknown"), Unread(path, str(exc.strerror), path)
    kind = (
        "file"
        if stat.S_ISREG(st.st_mode)
        else "dir"
        if stat.S_ISDIR(st.st_mode)
        else "other"
    )
    data, unread = None, None
    if content and kind == "file":
        try:
            data = _read_bytes(local)
        except OSError as exc:
            unread = Unread(path, str(exc.strerror), path)
    mode = stat.S_IMODE(st.st_mode)
    state = FileState(path, kind, _owner(st.st_uid), _group(st.st_gid), mode, data)
    return state, unread


def _read_bytes(local: str) -> bytes:
    """A regular file's bytes; never through a link swapped in since it was stat'ed."""
    fd = os.open(local, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def dpkg_version(root: str, package: str = "osquery") -> str:
    """The installed version of ``package`` in ``<root>/var/lib/dpkg/status``."""
    local, outside = confine(root, "/var/lib/dpkg/status", follow_last=True)
    status = Path(local)
    if outside or not status.is_file():
        return ""
    current, version, installed = "", "", False
    with status.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                if current == package and version and installed:
                    return version
                current, version, installed = "", "", False
            elif line.startswith("Package: "):
                current = line[9:].strip()
            elif line.startswith("Version: "):
                version = line[9:].strip()
            elif line.startswith("Status: "):
                installed = line.rstrip().endswith(" installed")
    return version if current == package and installed else ""


def detect_platform(root: str, platforms: list[str]) -> str:
    for attr in ("config_path", "config_dir"):
        for platform in platforms:
            local, outside = confine(root, getattr(LAYOUTS[platform], attr))
            if not outside and os.path.exists(local):
                return platform
    return platforms[0]


class DirectoryReader:
    name = "directory"

    def read(
        self, address: str, platforms: list[str], plan_for: PlanFor, timeout: float
    ) -> Deployed:
        root = str(directory_of(address).resolve())
        if not os.path.isdir(root):
            raise HostUnreadable(f"{address} is not a directory")
        plan = plan_for(detect_platform(root, platforms))
        deployed = Deployed(plan.platform, package_version=dpkg_version(root))
        for managed in plan.files:
            state, unread = stat_path(root, managed.path, managed.content)
            deployed.files[managed.path] = state
            deployed.unread += [unread] if unread else []
        for directory in plan.listings:
            local, outside = confine(root, directory, follow_last=True)
            if outside:
                deployed.listings[directory] = None
                if not any(u.subject == directory for u in deployed.unread):
                    deployed.unread.append(Unread(directory, outside, directory))
                continue
            try:
                deployed.listings[directory] = sorted(os.listdir(local))
            except (FileNotFoundError, NotADirectoryError):
                deployed.listings[directory] = None
            except OSError as exc:
                deployed.listings[directory] = None
                deployed.unread.append(
                    Unread(directory, f"cannot list: {exc.strerror}", directory)
                )
        return deployed
