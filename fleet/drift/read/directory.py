"""Read a directory holding a host's osquery files: an extracted backup, a mounted
image, or a root a configuration tool was applied into.

The address is the directory (``/mnt/web-1``, ``./backups/web-1``) or a ``file://``
URL. Files live under their layout paths below it (``<root>/etc/osquery/osquery.conf``).
Without a platform from the hosts file, the first of the target's platforms whose
config file (then config directory) exists there is taken. The osquery package
version comes from ``<root>/var/lib/dpkg/status`` when there is one.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from fleet.drift.model import Deployed, FileState, HostUnreadable, Unread
from fleet.drift.read.base import PlanFor, host_path
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
    local = host_path(root, path)
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
            data = Path(local).read_bytes()
        except OSError as exc:
            unread = Unread(path, str(exc.strerror), path)
    mode = stat.S_IMODE(st.st_mode)
    state = FileState(path, kind, _owner(st.st_uid), _group(st.st_gid), mode, data)
    return state, unread


def dpkg_version(root: str, package: str = "osquery") -> str:
    """The installed version of ``package`` in ``<root>/var/lib/dpkg/status``."""
    status = Path(host_path(root, "/var/lib/dpkg/status"))
    if not status.is_file():
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
            if os.path.exists(host_path(root, getattr(LAYOUTS[platform], attr))):
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
            local = host_path(root, directory)
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
