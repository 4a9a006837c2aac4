"""What could not be read: a host read in part is an error, never "in sync".

Readers record each part they could not read whole (an osquery_* table whose query
failed or that a results export lacks, a file, its owner and mode, a directory
listing); each becomes a ``read-incomplete`` finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from fleet.drift.codes import finding
from fleet.drift.model import INCOMPLETE, Deployed, DriftFinding


def check_unread(deployed: Deployed) -> Iterator[DriftFinding]:
    unread = list(deployed.unread)
    if deployed.osquery is not None:
        unread += deployed.osquery.unread
    for part in unread:
        yield finding(
            INCOMPLETE,
            "file" if part.file else "osquery",
            part.subject,
            f"could not read {part.subject}: {part.reason}",
            file=part.file,
            hint="drift there is unknown; fix what stopped the read and run drift "
            "again",
        )
