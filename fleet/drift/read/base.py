"""The reader protocol and what every reader shares.

A reader turns one host address into a ``Deployed``: the managed files with owner,
group, mode and (except the enroll secret) bytes, the packs directory listings, the
osquery package version, and osquery's own view where it can get one. A host it
cannot read raises ``HostUnreadable``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fleet.drift.model import Deployed, HostUnreadable
from fleet.drift.plan import ReadPlan
from fleet.errors import UsageError

PlanFor = Callable[[str], ReadPlan]  # platform -> what to read on it


class Reader(Protocol):
    name: str  # the source named in reports: directory, ssh, paramiko, ...

    def read(
        self, address: str, platforms: list[str], plan_for: PlanFor, timeout: float
    ) -> Deployed:
        """Read one host. ``platforms`` are the candidates, tried in order when the
        host does not tell which it is."""
        ...


def split_root(address: str) -> tuple[str, str]:
    """The address without its ``root=`` query parameter, and that root ('' if none).

    ``root`` names a prefix on the host under which the osquery files live (a
    chroot or a mounted image); testinfra never sees it.
    """
    parts = urlsplit(address)
    query = parse_qsl(parts.query, keep_blank_values=True)
    roots = [v for k, v in query if k == "root"]
    if not roots:
        return address, ""
    rest = urlencode([(k, v) for k, v in query if k != "root"])
    root = roots[-1].rstrip("/")
    if root and not root.startswith("/"):
        raise UsageError(
            f"root={roots[-1]} in '{address}' is not an absolute path",
            "give the prefix from the host's /",
        )
    if "://" not in address:
        return urlunsplit(parts._replace(query=rest)), root
    # urlunsplit drops the '//' of a scheme it does not know when the host part is
    # empty ('local://?root=/x' would become 'local:'), so the URL is put back by hand.
    spec = f"{parts.scheme}://{parts.netloc}{parts.path}"
    spec += f"?{rest}" if rest else ""
    spec += f"#{parts.fragment}" if parts.fragment else ""
    return spec, root


def host_path(root: str, path: str) -> str:
    """Where ``path`` of the host's layout is under ``root``.

    Windows layout paths lose their drive and use ``/``: ``C:\\Program
    Files\\osquery`` under ``/mnt/img`` is ``/mnt/img/Program Files/osquery``.
    """
    if len(path) > 2 and path[1] == ":":
        path = path[2:].replace("\\", "/")
    return f"{root}{path}" if root else path


def confine(root: str, path: str, follow_last: bool = False) -> tuple[str, str]:
    """Where ``path`` of the host is under ``root``, never leaving it; and why not.

    Each directory on the way (and with ``follow_last`` the path itself) is looked up
    one component at a time: a symbolic link is followed when it leads to a directory
    inside the root (a macOS image's ``var -> private/var``); one that leads to a
    directory outside it (``etc -> /etc``) is not, and the second value says so. The
    machine reading the root is not the host: its files must never stand in for the
    host's. A link that leads nowhere is left as it is: what lies below it is then
    missing (or unreadable), as on the host. Without a root, the host's own paths are
    read as osquery reads them, links and all.
    """
    local = host_path(root, path)
    if not root:
        return local, ""
    parts = local[len(root) :].split("/")
    current, shown = root, ""
    for index, part in enumerate(parts):
        if part in ("", "."):
            continue
        shown += f"/{part}"
        candidate = os.path.join(current, part)
        if part == "..":
            return local, outside_reason(shown, "")
        last = index == len(parts) - 1
        if last and not follow_last:
            return candidate, ""
        if os.path.islink(candidate):
            resolved = os.path.realpath(candidate)
            if os.path.isdir(resolved):
                if not inside(root, resolved):
                    return local, outside_reason(shown, resolved)
                current = resolved
                continue
        current = candidate
    return current, ""


def inside(root: str, path: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def outside_reason(link: str, target: str) -> str:
    """Why a path under a host root was not read: a link on its way leads out."""
    if not target:
        return f"{link} is not followed under a host root"
    return f"{link} is a symbolic link to {target}, outside the host root: not followed"


def no_files(root: str, plan: ReadPlan) -> HostUnreadable:
    where = f" under {root}" if root else ""
    return HostUnreadable(
        f"no osquery files{where}: {plan.files[0].path} is missing",
        "osquery is not deployed there, or the address or root= is wrong",
    )
