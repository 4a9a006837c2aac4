"""The values drift passes around: hosts, what was read from them, findings, results."""

from __future__ import annotations

import builtins
import hashlib
import re
from dataclasses import dataclass, field

from fleet.errors import FleetError
from fleet.findings import Severity


@dataclass(frozen=True, slots=True)
class HostSpec:
    """One host to check: its report name, how to reach it, its target and platform.

    ``address`` is empty for a host known only from a results export.
    """

    name: str
    address: str
    target: str
    platform: str | None = None
    origin: str = ""  # where the host was declared: "hosts.yml:4", "ansible", "argv"


INCOMPLETE = "read-incomplete"  # the finding code for a part of a host not read


@dataclass(frozen=True, slots=True)
class Unread:
    """A part of a host that could not be read: drift there is unknown.

    ``subject`` names it (a path, ``osquery_schedule``); ``reason`` says why.
    """

    subject: str
    reason: str
    file: str = ""


@dataclass(frozen=True, slots=True)
class FileState:
    """A path on a host as read: what it is, its owner, group and mode, its bytes.

    ``content`` is None when it was not read (a directory, the enroll secret, a file
    that is missing). Permission bits only: ``mode`` is ``st_mode & 0o7777``.
    """

    path: str
    kind: str  # file | dir | other | missing | unknown (could not be stat'ed)
    owner: str = ""
    group: str = ""
    mode: int | None = None
    content: bytes | None = None

    @property
    def exists(self) -> bool:
        return self.kind != "missing"

    @property
    def sha256(self) -> str:
        return (
            hashlib.sha256(self.content).hexdigest() if self.content is not None else ""
        )


@dataclass(slots=True)
class OsqueryView:
    """What osquery itself reports (``osquery_*`` tables). None means not read."""

    source: str  # osqueryi | results
    info: dict[str, str] | None = None
    schedule: dict[str, dict[str, str]] | None = None  # by query name
    packs: dict[str, dict[str, str]] | None = None  # by pack name
    flags: dict[str, str] | None = None  # name -> value
    as_of: str = ""  # calendarTime of the newest result used (results exports)
    unread: list[Unread] = field(default_factory=list)  # tables not read whole


@dataclass(slots=True)
class Deployed:
    """Everything read from one host. ``files`` and ``listings`` are keyed by path."""

    platform: str
    files: dict[str, FileState] = field(default_factory=dict)
    listings: dict[str, list[str] | None] = field(default_factory=dict)
    package_version: str = ""
    osquery: OsqueryView | None = None
    notes: list[str] = field(default_factory=list)
    files_read: bool = True  # False for hosts known only from a results export
    unread: list[Unread] = field(default_factory=list)  # parts that failed to read


@dataclass(frozen=True, slots=True)
class DriftFinding:
    """One difference on one host.

    ``file`` is the path on the host and ``pointer`` the JSON pointer inside it (a
    flag name for the flag file); ``desired`` and ``deployed`` are already redacted
    where they look secret.
    """

    code: str
    severity: Severity
    object: str  # option, flag, decorator, pack, query, query field, file, osquery, ...
    subject: (
        str  # 'query web/procs interval', 'flag verbose', '/etc/osquery/osquery.conf'
    )
    message: str
    file: str = ""
    pointer: str = ""
    desired: builtins.object = None
    deployed: builtins.object = None
    hint: str = ""

    @property
    def is_drift(self) -> bool:
        """An error-level difference; a part not read is an error but not drift."""
        return self.severity is not Severity.INFO and self.code != INCOMPLETE

    @property
    def is_note(self) -> bool:
        return self.severity is Severity.INFO

    @property
    def sort_key(self) -> tuple[int, str, tuple[tuple[str, int], ...], str, str]:
        # numbers in pointers compare as numbers: "line 2" before "line 10"
        pointer = tuple(
            (text, int(number or -1))
            for text, number in re.findall(r"(\D*)(\d*)", self.pointer)
            if text or number
        )
        return (self.severity.rank, self.file, pointer, self.code, self.subject)

    def as_dict(self) -> dict[str, builtins.object]:
        out: dict[str, builtins.object] = {
            "code": self.code,
            "severity": self.severity.value,
            "object": self.object,
            "subject": self.subject,
            "file": self.file,
            "pointer": self.pointer,
            "desired": self.desired,
            "deployed": self.deployed,
            "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        return out


IN_SYNC, DRIFT, ERROR = "in-sync", "drift", "error"


@dataclass(slots=True)
class HostResult:
    host: HostSpec
    platform: str = ""
    source: str = ""  # the reader: directory, ssh, paramiko, results, ...
    findings: list[DriftFinding] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0

    @property
    def status(self) -> str:
        """A host not read completely is an error, never "in sync"."""
        if self.error or self.incomplete:
            return ERROR
        return DRIFT if any(f.is_drift for f in self.findings) else IN_SYNC

    @property
    def incomplete(self) -> list[DriftFinding]:
        return [f for f in self.findings if f.code == INCOMPLETE]

    @property
    def problem(self) -> str:
        """Why the host is an error: unreadable, or the parts that were not read."""
        if self.error or not self.incomplete:
            return self.error
        return "not read completely: " + "; ".join(f.message for f in self.incomplete)

    @property
    def drift_count(self) -> int:
        return sum(1 for f in self.findings if f.is_drift)

    @property
    def note_count(self) -> int:
        return sum(1 for f in self.findings if f.is_note)


class HostUnreadable(FleetError):
    """A host could not be read: unreachable, timed out, permission denied, no files.

    It becomes an error for that host, never "in sync".
    """
