"""What every report format renders: the run's metadata, the host results, totals.

Reports are pure functions of a ``DriftReport``. Two things vary between runs of
the same fleet: the time and the measured durations. Setting ``SOURCE_DATE_EPOCH``
(the reproducible-builds convention, seconds since the epoch) fixes the time to it
and reports every duration as 0, so the JSON, Markdown and JUnit outputs are
byte-identical for the same hosts at the same inventory commit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fleet import __version__
from fleet.compile.config import CompiledTarget
from fleet.compile.manifest import inventory_digest
from fleet.drift.model import DRIFT, ERROR, IN_SYNC, HostResult
from fleet.drift.secrets import display_address
from fleet.errors import ExitCode
from fleet.gitrepo import Stamp
from fleet.model import Inventory
from fleet.printable import printable

SCHEMA = "fleet-drift/1"
EPOCH_ENV = "SOURCE_DATE_EPOCH"
_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(text: str) -> str:
    """Text from hosts as a report shows it: control and reordering characters
    escaped (``fleet.printable``), and lone surrogates too, which a parsed JSON
    file or an undecodable file name can hold but no UTF-8 output can."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", printable(text))


@dataclass(frozen=True, slots=True)
class TargetDigest:
    config_hash: str
    files: dict[str, str]  # compiled file -> sha256


@dataclass(frozen=True, slots=True)
class ReportMeta:
    tool_version: str
    generated_at: str  # ISO 8601, UTC, seconds
    commit: str | None
    dirty: bool
    digest: str
    inventory_version: str
    osquery_version: str | None
    targets: dict[str, TargetDigest] = field(default_factory=dict)
    reproducible: bool = False


def now_utc() -> tuple[str, bool]:
    """The report time, and whether it was fixed by SOURCE_DATE_EPOCH."""
    fixed = os.environ.get(EPOCH_ENV, "").strip()
    moment = (
        datetime.fromtimestamp(int(fixed), UTC)
        if fixed.isdigit()
        else datetime.now(UTC)
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), fixed.isdigit()


def build_meta(
    inventory: Inventory, compiled: dict[str, CompiledTarget], stamp: Stamp
) -> ReportMeta:
    when, reproducible = now_utc()
    targets = {
        name: TargetDigest(
            c.config_hash, {path: c.digest(path) for path in sorted(c.files)}
        )
        for name, c in sorted(compiled.items())
    }
    return ReportMeta(
        __version__,
        when,
        stamp.commit,
        stamp.dirty,
        inventory_digest(compiled),
        inventory.version,
        inventory.osquery_version,
        targets,
        reproducible,
    )


@dataclass(slots=True)
class DriftReport:
    meta: ReportMeta
    results: list[HostResult]
    notes: list[str] = field(default_factory=list)

    def seconds(self, result: HostResult) -> float:
        return 0.0 if self.meta.reproducible else round(result.seconds, 3)

    @property
    def totals(self) -> dict[str, int]:
        statuses = [r.status for r in self.results]
        return {
            "hosts": len(self.results),
            "in_sync": statuses.count(IN_SYNC),
            "drift": statuses.count(DRIFT),
            "error": statuses.count(ERROR),
            "findings": sum(r.drift_count for r in self.results),
            "notes": sum(r.note_count for r in self.results),
        }

    @property
    def exit_code(self) -> int:
        """3 when a host could not be read (it wins), 1 on drift, 0 all in sync."""
        totals = self.totals
        if totals["error"]:
            return int(ExitCode.INCOMPLETE)
        return int(ExitCode.PROBLEMS if totals["drift"] else ExitCode.OK)


def commit_text(meta: ReportMeta) -> str:
    if meta.commit is None:
        return "not in git" if not meta.dirty else "no commit yet"
    return meta.commit + (" (dirty: uncommitted changes)" if meta.dirty else "")


STATUS_LABELS = {IN_SYNC: "in sync", DRIFT: "DRIFT", ERROR: "UNREADABLE"}


def status_label(result: HostResult) -> str:
    """The status as reports show it; a host read in part is INCOMPLETE."""
    if result.incomplete and not result.error:
        return "INCOMPLETE"
    return STATUS_LABELS[result.status]


def read_from(result: HostResult) -> str:
    """Where the host was read, as reports show it: its address or the export."""
    return display_address(result.host.address) or "results export"
