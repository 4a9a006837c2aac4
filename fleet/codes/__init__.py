"""Every finding code: its severity, what it means, and a failing and a passing example.

The examples are executable: a test places each in a minimal inventory and checks
that the failing one reports the code and the passing one does not. ``docs/checks.md``
is generated from these tables (``python -m fleet.codes > docs/checks.md``).

``place`` says where an example goes: ``query`` (the body of one query), ``pack`` (a
whole pack file), ``target`` (the body of one target in fleet.yml), ``root`` (all of
fleet.yml), ``files`` (whole files, each after a ``--- path`` line), or ``import`` (a
file given to ``fleet import``; tested with the importers). Codes whose example would
be impractical to print (a 1 MiB config) have prose only and their own tests.
"""

from __future__ import annotations

from fleet.codes import imports, load, packs, sql, targets
from fleet.codes.check import Check

__all__ = ["BY_CODE", "CHECKS", "Check", "markdown"]

# In the order docs/checks.md lists them: the pipeline's.
CHECKS: tuple[Check, ...] = (
    *load.CHECKS,
    *packs.CHECKS,
    *targets.CHECKS,
    *imports.CHECKS,
    *sql.CHECKS,
)

BY_CODE = {check.code: check for check in CHECKS}


def markdown() -> str:
    """docs/checks.md: one section per code with its examples."""
    names = {
        "query": "a query",
        "pack": "a pack file",
        "target": "a target in fleet.yml",
        "root": "fleet.yml",
        "files": "these files",
        "import": "an imported file",
    }
    lines = [
        "# Checks",
        "",
        "Generated from `fleet/codes/` by `python -m fleet.codes`; do not edit.",
        "Each code is stable. Severity `error` fails `fleet validate`; `warning`",
        "fails it",
        "with `--strict`; `info` never fails it.",
        "",
        "| code | severity | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| [`{c.code}`](#{c.code}) | {c.severity.value} | {c.summary} |"
        for c in CHECKS
    ]
    for check in CHECKS:
        lines += [
            "",
            f"## {check.code}",
            "",
            f"{check.severity.value}: {check.summary}",
        ]
        if check.bad:
            lines += [
                "",
                f"Reported, in {names[check.place]}:",
                "",
                "```yaml",
                check.bad.rstrip("\n"),
                "```",
            ]
        if check.good:
            lines += [
                "",
                "Not reported:",
                "",
                "```yaml",
                check.good.rstrip("\n"),
                "```",
            ]
    return "\n".join(lines) + "\n"
