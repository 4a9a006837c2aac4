"""JSON for pipelines, schema ``fleet-drift/1``.

```
{"schema": "fleet-drift/1",
 "tool": {"name": "fleet", "version"},
 "generated_at": "2026-12-03T12:00:00Z",
 "inventory": {"version", "osquery_version", "commit", "dirty", "digest",
               "targets": {name: {"config_hash", "files": {path: sha256}}}},
 "totals": {"hosts", "in_sync", "drift", "error", "findings", "notes"},
 "exit_code": 0 | 1 | 3,
 "hosts": [{"host", "address", "target", "platform", "source",
            "status": "in-sync" | "drift" | "error", "error", "seconds",
            "findings": [{"code", "severity", "object", "subject", "file",
                          "pointer", "desired", "deployed", "message", "hint"?}]}]}
```

Keys are sorted, hosts are in (target, host) order, findings in the rules' order.
A new field may be added within ``fleet-drift/1``; renaming or removing one bumps it.
"""

from __future__ import annotations

import json
import re

from fleet.drift.report.model import SCHEMA, DriftReport, shown
from fleet.drift.secrets import display_address

# Keys are sorted: the schema and the tool come after the hosts, at the end.
_MARKER = re.compile(r'"schema": "fleet-drift/\d+",\s*"tool": \{\s*"name": "fleet",')


def as_document(report: DriftReport) -> dict[str, object]:
    meta = report.meta
    return {
        "schema": SCHEMA,
        "tool": {"name": "fleet", "version": meta.tool_version},
        "generated_at": meta.generated_at,
        "inventory": {
            "version": meta.inventory_version,
            "osquery_version": meta.osquery_version,
            "commit": meta.commit,
            "dirty": meta.dirty,
            "digest": meta.digest,
            "targets": {
                name: {"config_hash": t.config_hash, "files": t.files}
                for name, t in meta.targets.items()
            },
        },
        "totals": report.totals,
        "exit_code": report.exit_code,
        "hosts": [
            {
                "host": r.host.name,
                "address": display_address(r.host.address),
                "target": r.host.target,
                "platform": r.platform,
                "source": r.source,
                "status": r.status,
                "error": r.problem or None,
                "seconds": report.seconds(r),
                "findings": [f.as_dict() for f in r.findings],
            }
            for r in report.results
        ],
    }


class JsonFormat:
    name = "json"

    def written_by(self, head: str, tail: str) -> bool:
        return head.startswith("{") and _MARKER.search(tail) is not None

    def render(self, report: DriftReport) -> str:
        text = json.dumps(
            as_document(report), indent=2, sort_keys=True, ensure_ascii=False
        )
        return _NOT_ASCII.sub(_escape, text) + "\n"


_NOT_ASCII = re.compile("[^\x20-\x7e\n]")


def _escape(match: re.Match[str]) -> str:
    """A character ``shown`` would escape, as a JSON escape: the value stays exact
    and the document valid (json.dumps escapes only C0 controls)."""
    char = match.group()
    return char if shown(char) == char else f"\\u{ord(char):04x}"
