"""The JSON format, for tools: one object, schema ``fleet-diff/1``.

Within a schema version, keys are only ever added. Optional keys of a change
(``result_names``, ``sql_diff``, ``platforms``) appear only when they have a value.
"""

from __future__ import annotations

import json

from fleet.diff.model import DiffReport, Item, SideInfo, TargetDiff

SCHEMA = "fleet-diff/1"


def render_json(report: DiffReport) -> str:
    doc = {
        "schema": SCHEMA,
        "inventory": report.inventory,
        "base": _side(report.base),
        "head": _side(report.head),
        "changed": report.changed,
        "warnings": [{"code": w.code, "message": w.message} for w in report.warnings],
        "targets": [_target(t) for t in report.targets],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _side(side: SideInfo) -> dict[str, object]:
    return {"label": side.label, "commit": side.commit, "version": side.version}


def _target(target: TargetDiff) -> dict[str, object]:
    old_hash, new_hash = target.config_hash
    return {
        "name": target.name,
        "status": target.status,
        "config_hash": {"old": old_hash, "new": new_hash},
        "notes": list(target.notes),
        "files": [
            {
                "kind": c.kind,
                "path": c.path[0],
                "old_sha256": c.old,
                "new_sha256": c.new,
            }
            for c in target.files
        ],
        "changes": [_change(item) for item in target.items],
    }


def _change(item: Item) -> dict[str, object]:
    change = item.change
    out: dict[str, object] = {
        "kind": change.kind,
        "section": item.section,
        "object": change.object,
        "pointer": change.pointer,
        "subject": change.subject,
        "old": change.old,
        "new": change.new,
    }
    if item.result_names:
        out["result_names"] = list(item.result_names)
    if item.sql_diff:
        out["sql_diff"] = list(item.sql_diff)
    if item.platforms:
        out["platforms"] = list(item.platforms)
    return out
