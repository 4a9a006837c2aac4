"""Read any host pytest-testinfra reaches: ``local://``, ``ssh://``, ``paramiko://``,
``ansible://``, ``docker://``, ``kubectl://``.

Everything is read in one ``host.run`` of a POSIX shell script (``read.script``):
the managed files with owner, group, mode and bytes (the enroll secret: stat only),
the packs directory listings, the osquery package version (dpkg, rpm or pkgutil),
and, where ``osqueryi`` and osqueryd's extensions socket exist, osquery's own view
(``osqueryi --json --connect SOCKET``). ``root=`` on the address names a prefix
under which the files, osqueryi and the socket are looked for; it is stripped
before testinfra sees the address. Windows hosts are not supported by this reader.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

from fleet.drift.model import (
    Deployed,
    FileState,
    HostUnreadable,
    OsqueryView,
    Unread,
)
from fleet.drift.read.base import PlanFor, outside_reason, split_root
from fleet.drift.read.script import SCRIPT
from fleet.drift.secrets import display_address
from fleet.osquery.layout import LAYOUTS

TIMEOUT_BACKENDS = ("ssh", "paramiko")  # backends that take a connect timeout


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise HostUnreadable("the host's answer is garbled (bad base64)") from exc


def script_args(root: str, platforms: list[str], plan_for: PlanFor) -> list[str]:
    posix = [p for p in platforms if p != "windows"]
    if not posix:
        raise HostUnreadable("reading Windows hosts over testinfra is not supported")
    args = [root]
    for attr in ("config_path", "config_dir"):
        args += [f"detect|{p}|{getattr(LAYOUTS[p], attr)}" for p in posix]
    for platform in posix:
        plan = plan_for(platform)
        for managed in plan.files:
            op = "file" if managed.content else "meta"
            args.append(f"{platform}|{op}|{managed.path}")
        args += [f"{platform}|list|{d}" for d in plan.listings]
        args.append(f"{platform}|osquery|{plan.socket}")
    return [*args, "package"]


def _rows(raw: bytes) -> list[dict[str, str]]:
    rows = json.loads(raw.decode("utf-8")) if raw.strip() else []
    if not isinstance(rows, list):
        raise ValueError("not a JSON array")
    return [
        {str(k): str(v) for k, v in row.items()}
        for row in rows
        if isinstance(row, dict)
    ]


def parse_output(text: str, plan_for: PlanFor) -> Deployed:
    """Turn the script's answer into a ``Deployed``."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("PLATFORM ") or "END" not in lines:
        raise HostUnreadable("the host did not run the read script to its end")
    platform = lines[0].split()[1]
    if platform not in LAYOUTS:
        raise HostUnreadable(f"unsupported platform '{platform}' on the host")
    plan = plan_for(platform)
    deployed = Deployed(platform)
    view = OsqueryView("osqueryi")
    current: str | None = None
    listing: list[str] | None = None
    for line in lines[1:]:
        word, _, rest = line.partition(" ")
        fields = rest.split(" ")
        if word == "FILE" and fields[1:2] == ["outside"]:
            current = _b64(fields[0]).decode("utf-8", "replace")
            deployed.files[current] = FileState(current, "unknown")
            deployed.unread.append(Unread(current, _outside(fields), current))
        elif word == "FILE":
            current = _b64(fields[0]).decode("utf-8", "replace")
            kind = fields[1]
            owner, group, mode = [*fields[2:5], "", "", ""][:3]
            deployed.files[current] = FileState(
                current, kind, owner, group, int(mode, 8) if mode.isdigit() else None
            )
            if kind == "unknown":
                deployed.unread.append(
                    Unread(
                        current,
                        "cannot tell whether it exists: a directory above it "
                        "cannot be searched (permission denied)",
                        current,
                    )
                )
            elif kind != "missing" and not (owner and mode.isdigit()):
                deployed.unread.append(
                    Unread(current, "cannot read its owner and mode", current)
                )
        elif word == "DATA" and current is not None:
            if fields[0] == "-":
                deployed.unread.append(
                    Unread(
                        current, "cannot read its bytes (permission denied?)", current
                    )
                )
                continue
            old = deployed.files[current]
            deployed.files[current] = FileState(
                old.path, old.kind, old.owner, old.group, old.mode, _b64(fields[0])
            )
        elif word == "LIST":
            directory = _b64(fields[0]).decode("utf-8", "replace")
            listing = [] if fields[1] == "ok" else None
            deployed.listings[directory] = listing
            if fields[1] == "outside" and not any(
                u.subject == directory for u in deployed.unread
            ):
                deployed.unread.append(Unread(directory, _outside(fields), directory))
            elif fields[1] == "denied":
                deployed.unread.append(
                    Unread(directory, "cannot list it (permission denied)", directory)
                )
        elif word == "ENTRY" and listing is not None:
            listing.append(_b64(fields[0]).decode("utf-8", "replace"))
        elif word == "QUERY":
            _query(view, deployed, fields)
        elif word == "OSQUERYI":
            deployed.notes.append("osqueryi is not installed: osquery's view not read")
        elif word == "SOCKET" and rest.strip() == "outside":
            deployed.notes.append(
                f"osqueryd's extensions socket {plan.socket} lies behind a symbolic "
                "link out of the host root, which is not followed: osquery's view "
                "not read"
            )
        elif word == "SOCKET":
            deployed.notes.append(
                f"osqueryd's extensions socket {plan.socket} is missing (osqueryd not "
                "running?): osquery's view not read"
            )
        elif word == "PACKAGE":
            deployed.package_version = rest.strip()
    for entries in deployed.listings.values():
        if entries is not None:
            entries.sort()
    tables = (view.info, view.schedule, view.packs, view.flags)
    if any(table is not None for table in tables):
        deployed.osquery = view
    return deployed


def _outside(fields: list[str]) -> str:
    """The reason for ``outside b64link b64target``: a link out of the root."""
    link, target = ([*fields[2:4], "", ""])[:2]
    return outside_reason(
        _b64(link).decode("utf-8", "replace"), _b64(target).decode("utf-8", "replace")
    )


def _query(view: OsqueryView, deployed: Deployed, fields: list[str]) -> None:
    table, rc = fields[0], fields[1]
    try:
        rows = _rows(_b64(fields[2] if len(fields) > 2 else ""))
    except (ValueError, RecursionError):  # not JSON, or nested past any sense
        rows = None
    if rc != "0" or rows is None:
        reason = (
            f"osqueryi --connect failed (exit {rc})"
            if rc != "0"
            else "osqueryi's answer is not a JSON array of rows"
        )
        deployed.unread.append(Unread(f"osquery_{table}", reason))
        return
    if table == "info":
        view.info = rows[0] if rows else {}
    elif table == "schedule":
        view.schedule = {r.get("name", ""): r for r in rows}
    elif table == "packs":
        view.packs = {r.get("name", ""): r for r in rows}
    elif table == "flags":
        view.flags = {r.get("name", ""): r.get("value", "") for r in rows}


def _failure(exc: Exception) -> str:
    result = exc.args[0] if exc.args else None
    stderr = getattr(result, "stderr", None)
    if isinstance(stderr, str) and stderr.strip():
        return stderr.strip().splitlines()[-1]
    return f"{type(exc).__name__}: {exc}".strip().rstrip(":")


def ansible_command(name: str) -> str | None:
    """Path of an Ansible program: on PATH, or beside the Python running fleet.

    A fleet installed in a virtual environment is often run without activating it;
    ansible-core installed in the same environment is then found all the same, and
    its directory is put on PATH for testinfra's ansible backend, which runs
    ``ansible-inventory`` through the shell.
    """
    found = shutil.which(name)
    if found is not None:
        return found
    beside = Path(sys.executable).parent
    found = shutil.which(name, path=str(beside))
    if found is not None:
        os.environ["PATH"] = os.pathsep.join(
            [str(beside), *filter(None, [os.environ.get("PATH")])]
        )
    return found


class TestinfraReader:
    """One reader for every testinfra backend; ``name`` is set per scheme."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, name: str) -> None:
        self.name = name

    def read(
        self, address: str, platforms: list[str], plan_for: PlanFor, timeout: float
    ) -> Deployed:
        import testinfra

        spec, root = split_root(address)
        options: dict[str, object] = {}
        if urlsplit(spec).scheme == "ansible":
            ansible_command("ansible-inventory")
        if urlsplit(spec).scheme in TIMEOUT_BACKENDS:
            options["timeout"] = max(1, int(timeout))
        args = script_args(root, platforms, plan_for)
        command = "sh -c %s fleet-drift" + " %s" * len(args)
        try:
            host = testinfra.get_host(spec, **options)
            result = host.run(command, SCRIPT, *args)
        except (
            Exception
        ) as exc:  # every backend fails its own way; all mean unreachable
            shown = display_address(spec)
            raise HostUnreadable(f"cannot reach {shown}: {_failure(exc)}") from exc
        if result.rc != 0:
            detail = result.stderr.strip().splitlines()[-1:] or [f"exit {result.rc}"]
            raise HostUnreadable(f"cannot read {display_address(spec)}: {detail[0]}")
        return parse_output(result.stdout, plan_for)
