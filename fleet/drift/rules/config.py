"""osquery.conf and every managed pack file, compared semantically.

Both sides are normalised with ``fleet.compare.normalise_config`` (pack files with
``normalise_pack``) and walked with ``fleet.compare.compare``, so key order, JSON
spacing, unicode escapes, trailing semicolons and defaults written out are not
drift (K19, K27). A pack file's findings carry the JSON pointer inside that file
(``/queries/procs/interval``) and the restart note (K26).
"""

from __future__ import annotations

from collections.abc import Iterator

from fleet.compare import Change, compare, normalise_config
from fleet.compare.normalise import normalise_pack
from fleet.compare.tree import ADDED, REMOVED
from fleet.drift.codes import finding
from fleet.drift.desired import Desired, show
from fleet.drift.model import Deployed, DriftFinding
from fleet.drift.parse import parse_osquery_json
from fleet.drift.plan import CONFIG, PACK, Managed, ReadPlan
from fleet.drift.rules.files import RESTART
from fleet.drift.secrets import redact

FAMILY = {
    "option": "option",
    "decorator": "decorator",
    "pack": "pack",
    "pack field": "pack",
    "query": "query",
    "query field": "query",
}


def change_finding(
    change: Change, file: str, skip: int = 0, hint: str = ""
) -> DriftFinding:
    """A finding for one change; ``skip`` leading path parts are not in the file."""
    family = FAMILY.get(change.object, "config")
    if change.object.endswith("field") or (
        family == "decorator" and len(change.path) > 2
    ):
        kind = "changed"
    else:
        kind = {ADDED: "extra", REMOVED: "missing"}.get(change.kind, "changed")
    name = (
        change.path[1]
        if family == "option" and len(change.path) > 1
        else change.path[-1]
    )
    desired, deployed = redact(name, change.old), redact(name, change.new)
    pointer = "/" + "/".join(
        p.replace("~", "~0").replace("/", "~1") for p in change.path[skip:]
    )
    if kind == "extra":
        message = f"{pointer}: on the host, not in the inventory ({show(deployed)})"
    elif kind == "missing":
        message = f"{pointer}: in the inventory ({show(desired)}), not on the host"
    else:
        message = f"{pointer}: desired {show(desired)}, deployed {show(deployed)}"
    return finding(
        f"{family}-{kind}",
        change.object,
        change.subject,
        message,
        file=file,
        pointer=pointer,
        desired=desired,
        deployed=deployed,
        hint=hint,
    )


def _content_findings(
    managed: Managed, data: bytes, desired_bytes: bytes, normalised: dict[str, object]
) -> Iterator[DriftFinding]:
    """Findings for one file; ``normalised`` is the desired side, normalised."""
    if data == desired_bytes:
        return  # the compiled bytes exactly: the common case, nothing to parse
    path = managed.path
    parsed = parse_osquery_json(data)
    hint = RESTART if managed.role == PACK else ""
    if parsed.value is None:
        yield finding(
            "file-unparsable",
            "file",
            path,
            f"{path}: {parsed.error}",
            file=path,
            hint=hint,
        )
        return
    for key in parsed.duplicates:
        yield finding(
            "file-duplicate-key",
            "file",
            path,
            f"{path}: key '{key}' appears more than once",
            file=path,
            deployed=key,
        )
    if managed.role == CONFIG:
        changes = compare(normalised, normalise_config(parsed.value))
        skip = 0
    else:
        pack = managed.key.removeprefix("packs/").removesuffix(".conf")
        changes = compare(normalised, normalise_pack(parsed.value), ("packs", pack))
        skip = 2
    yield from (change_finding(c, path, skip, hint) for c in changes)
    if not changes:
        yield finding(
            "file-bytes",
            "file",
            path,
            f"{path} differs from the compiled bytes only in form "
            "(key order, spacing, escapes)",
            file=path,
        )


def check_config(
    desired: Desired, plan: ReadPlan, deployed: Deployed
) -> Iterator[DriftFinding]:
    compiled = desired.compiled
    for managed in plan.files:
        if managed.role not in (CONFIG, PACK):
            continue
        state = deployed.files.get(managed.path)
        if state is None or state.content is None:
            continue  # missing or not a file: reported by the file rules
        if managed.role == CONFIG:
            want = desired.config
        else:
            want = desired.packs[
                managed.key.removeprefix("packs/").removesuffix(".conf")
            ]
        yield from _content_findings(
            managed, state.content, compiled.files[managed.key], want
        )
