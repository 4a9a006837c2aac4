"""Every drift finding code, its severity and what it means.

``error`` findings are drift (exit 1), except ``read-incomplete``, which makes the
host an error (exit 3); ``info`` findings are notes a report shows but that do not
count as drift. ``docs/drift.md`` lists this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from fleet.drift.model import INCOMPLETE, DriftFinding
from fleet.drift.secrets import hide_credentials, scrub
from fleet.findings import Severity

E, N = Severity.ERROR, Severity.INFO  # drift, note


@dataclass(frozen=True, slots=True)
class DriftCode:
    code: str
    severity: Severity
    summary: str


CODES: tuple[DriftCode, ...] = (
    # files --------------------------------------------------------------------------
    DriftCode(
        "file-missing",
        E,
        "A managed file or directory (config, flag file, pack "
        "file, enroll secret, their directories) is not on the host.",
    ),
    DriftCode(
        "file-not-regular",
        E,
        "The path is there but is not what fleet deploys "
        "(a directory, a symlink or a device instead of a file, or the reverse).",
    ),
    DriftCode(
        "file-mode",
        E,
        "More permissive than deployed: config, flag and pack "
        "files 0640, the enroll secret 0600, directories 0750 (or stricter).",
    ),
    DriftCode("file-owner", E, "Not owned by root."),
    DriftCode("file-group", E, "Group is not root (Linux) or wheel (macOS)."),
    DriftCode(
        "file-unparsable",
        E,
        "A config or pack file osquery cannot parse (after "
        "its comment and line-continuation rules).",
    ),
    DriftCode(
        "file-duplicate-key",
        E,
        "A key appears twice in a config or pack file; "
        "osquery and other readers disagree on which one wins.",
    ),
    DriftCode(
        "file-bytes",
        N,
        "The file's bytes differ from the compiled ones but mean "
        "the same (key order, spacing, unicode escapes, trailing semicolons).",
    ),
    DriftCode(
        "pack-file-unexpected",
        E,
        "A file in a packs directory that the inventory "
        "does not deploy; a glob or a leftover reference keeps loading it (K24).",
    ),
    # osquery.conf and pack files ----------------------------------------------------
    DriftCode(
        "option-missing", E, "An option of the inventory is not set on the host."
    ),
    DriftCode("option-extra", E, "The host sets an option the inventory does not."),
    DriftCode("option-changed", E, "An option has another value on the host."),
    DriftCode(
        "decorator-missing", E, "A decorator query list of the inventory is absent."
    ),
    DriftCode("decorator-extra", E, "The host has decorators the inventory does not."),
    DriftCode("decorator-changed", E, "Decorator queries differ."),
    DriftCode("pack-missing", E, "A pack of the inventory is not deployed."),
    DriftCode("pack-extra", E, "The host's config has a pack the inventory does not."),
    DriftCode(
        "pack-changed",
        E,
        "A pack field (platform, version, shard, discovery, description) differs.",
    ),
    DriftCode(
        "query-missing", E, "A query of the inventory is not in the deployed pack."
    ),
    DriftCode(
        "query-extra",
        E,
        "The deployed pack or schedule has a query the inventory does not.",
    ),
    DriftCode(
        "query-changed",
        E,
        "A query field (SQL, interval, platform, version, "
        "shard, snapshot, removed, denylist, ...) differs.",
    ),
    DriftCode(
        "config-missing",
        E,
        "Another config key of the inventory (file_paths, a "
        "pack path, ...) is absent on the host.",
    ),
    DriftCode("config-extra", E, "The host's config has a key the inventory does not."),
    DriftCode(
        "config-changed",
        E,
        "Another config value (file_paths, a pack path, ...) differs.",
    ),
    # flag file ----------------------------------------------------------------------
    DriftCode("flag-missing", E, "A flag of the inventory is not in the flag file."),
    DriftCode(
        "flag-extra",
        E,
        "The flag file sets a flag the inventory does not, or sets one twice.",
    ),
    DriftCode(
        "flag-changed",
        E,
        "A flag line differs, compared exactly: a trailing space is drift (K25).",
    ),
    DriftCode("flag-line", E, "A flag-file line that is not --name=value."),
    DriftCode("flag-order", N, "The flag lines are the same but in another order."),
    DriftCode("flag-newline", N, "The flag file does not end with a newline."),
    # osquery's own view -------------------------------------------------------------
    DriftCode(
        "config-hash",
        E,
        "osquery_info.config_hash is not the compiled config's "
        "hash: osqueryd runs another config (a note when it runs the host's file "
        "and that differs only in bytes).",
    ),
    DriftCode("config-invalid", E, "osquery_info.config_valid is 0."),
    DriftCode(
        "pack-inactive",
        E,
        "osquery_packs.active is 0: platform, version, shard "
        "or discovery did not pass, so none of its queries run.",
    ),
    DriftCode("pack-not-loaded", E, "A pack of the inventory is not in osquery_packs."),
    DriftCode(
        "pack-unexpected-loaded",
        E,
        "osquery_packs lists a pack the inventory does not have.",
    ),
    DriftCode(
        "query-denylisted",
        E,
        "osquery_schedule.denylisted is 1: the watchdog "
        "stopped the query, it does not run although the files are right.",
    ),
    DriftCode(
        "query-not-scheduled",
        E,
        "A query that should run on this host is not in osquery_schedule.",
    ),
    DriftCode(
        "query-unexpected-scheduled",
        E,
        "osquery_schedule has a query the inventory does not.",
    ),
    DriftCode(
        "query-schedule-differs",
        E,
        "The SQL or interval osqueryd runs differs "
        "from the inventory (it has not reloaded the files).",
    ),
    DriftCode(
        "flag-not-applied",
        E,
        "osquery_flags shows another value than the inventory sets.",
    ),
    DriftCode(
        "osquery-outdated", E, "osquery is older than the inventory's osquery_version."
    ),
    DriftCode(
        "osquery-version-unknown",
        N,
        "The osquery version could not be read, so osquery_version was not checked.",
    ),
    DriftCode(
        "view-not-read",
        N,
        "osquery's own view (osquery_* tables) was not read: no osqueryi or no "
        "extensions socket on the host.",
    ),
    # reading ------------------------------------------------------------------------
    DriftCode(
        INCOMPLETE,
        E,
        "Part of the host could not be read whole: an osquery_* table (a query "
        "failed, or the results export lacks it or has only changes to it), a "
        "file, its owner and mode, or a directory listing. Drift there is unknown, "
        "so the host is an error (exit 3), never in sync.",
    ),
)

BY_CODE = {c.code: c for c in CODES}


def finding(
    code: str,
    obj: str,
    subject: str,
    message: str,
    *,
    file: str = "",
    pointer: str = "",
    desired: object = None,
    deployed: object = None,
    hint: str = "",
    severity: Severity | None = None,
) -> DriftFinding:
    """A finding with the code's severity, or ``severity`` where a rule overrides it.

    Rules redact values by their names; here credentials inside any value (a URL's
    password) are hidden, whichever rule made the finding."""
    return DriftFinding(
        code,
        severity or BY_CODE[code].severity,
        obj,
        hide_credentials(subject),
        hide_credentials(message),
        file,
        pointer,
        scrub(desired),
        scrub(deployed),
        hint,
    )


def markdown_table() -> str:
    rows = [f"| `{c.code}` | {c.severity.value} | {c.summary} |" for c in CODES]
    return "\n".join(["| code | severity | meaning |", "| --- | --- | --- |", *rows])
