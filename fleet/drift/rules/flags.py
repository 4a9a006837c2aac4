"""The flag file, compared line by line, exactly.

gflags reads each ``--name=value`` line after its leading whitespace, to the end of
the line: ``true `` with a trailing space (or a ``\r`` from Windows line ends) is not a
boolean and stops osqueryd (K25), so values are compared exactly. What gflags itself
ignores is not drift: blank lines and ``#`` comments, leading whitespace, and one dash
instead of two (``-name=value``); a file that differs only by these gets a
``file-bytes`` note.
Values of flags whose name or value looks secret are shown redacted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fleet.drift.codes import finding
from fleet.drift.desired import Desired, show
from fleet.drift.model import Deployed, DriftFinding
from fleet.drift.plan import FLAGS, ReadPlan
from fleet.drift.secrets import redact, redact_line

FLAG_LINE = re.compile(r"--?([A-Za-z0-9_]+)=(.*)", re.DOTALL)
# What C's isspace() skips at the start of a flag-file line.
LEADING_SPACE = " \t\n\v\f\r"


def ignored(line: str) -> bool:
    """A line gflags' flag-file reader skips: blank, or a ``#`` comment."""
    stripped = line.lstrip(LEADING_SPACE)
    return not stripped or stripped.startswith("#")


def parse_line(line: str) -> tuple[str, str] | None:
    """(name, value) of a flag line as gflags reads it, or None."""
    match = FLAG_LINE.fullmatch(line.lstrip(LEADING_SPACE))
    return (match.group(1), match.group(2)) if match else None


def _difference(want: str, have: str) -> str:
    if have.rstrip() == want and have != want:
        return " (trailing whitespace)"
    if have.strip() == want and have != want:
        return " (leading whitespace)"
    return ""


def compare_flag_lines(
    path: str, desired: list[str], data: bytes
) -> Iterator[DriftFinding]:
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    elif text:
        yield finding(
            "flag-newline",
            "flag file",
            path,
            f"{path} does not end with a newline",
            file=path,
        )

    want = dict(filter(None, map(parse_line, desired)))
    have: dict[str, str] = {}
    flag_lines: list[str] = []  # as written
    spelled: list[str] = []  # as gflags reads them: --name=value
    skipped = 0  # blank and comment lines
    for number, line in enumerate(lines, 1):
        if ignored(line):
            skipped += 1
            continue
        parsed = parse_line(line)
        if parsed is None:
            shown = redact_line(line)
            yield finding(
                "flag-line",
                "flag file",
                f"line {number}",
                f"{path}:{number}: not a --name=value line: {show(shown)}",
                file=path,
                pointer=f"line {number}",
                deployed=shown,
            )
            continue
        name, value = parsed
        flag_lines.append(line)
        spelled.append(f"--{name}={value}")
        if name in have:
            yield finding(
                "flag-extra",
                "flag",
                f"flag {name}",
                f"--{name}: set twice, at line {number} again",
                file=path,
                pointer=f"--{name}",
                deployed=redact(name, value),
            )
            continue
        have[name] = value

    for name in sorted(set(want) | set(have)):
        desired_value, deployed_value = (
            redact(name, want.get(name)),
            redact(name, have.get(name)),
        )
        if name not in have:
            yield finding(
                "flag-missing",
                "flag",
                f"flag {name}",
                f"--{name}: in the inventory ({show(desired_value)}), "
                "not in the flag file",
                file=path,
                pointer=f"--{name}",
                desired=desired_value,
            )
        elif name not in want:
            yield finding(
                "flag-extra",
                "flag",
                f"flag {name}",
                f"--{name}: in the flag file ({show(deployed_value)}), "
                "not in the inventory",
                file=path,
                pointer=f"--{name}",
                deployed=deployed_value,
            )
        elif want[name] != have[name]:
            yield finding(
                "flag-changed",
                "flag",
                f"flag {name}",
                f"--{name}: desired {show(desired_value)}, deployed "
                f"{show(deployed_value)}{_difference(want[name], have[name])}",
                file=path,
                pointer=f"--{name}",
                desired=desired_value,
                deployed=deployed_value,
            )
    if want == have and spelled != desired:
        yield finding(
            "flag-order",
            "flag file",
            path,
            f"{path} has the inventory's flags in another order",
            file=path,
        )
    respelled = sum(1 for ln in flag_lines if ln not in desired)
    if (
        (skipped or respelled)
        and want == have
        and spelled == desired
        and len(flag_lines) + skipped == len(lines)
    ):
        what = []
        if skipped:
            what.append(f"{skipped} blank or comment line(s), which osquery skips")
        if respelled:
            what.append(
                f"{respelled} line(s) with leading whitespace or a single dash, "
                "which osquery reads the same"
            )
        yield finding(
            "file-bytes",
            "file",
            path,
            f"{path} differs from the compiled flags only by {' and '.join(what)}",
            file=path,
        )


def check_flags(
    desired: Desired, plan: ReadPlan, deployed: Deployed
) -> Iterator[DriftFinding]:
    for managed in plan.files:
        if managed.role != FLAGS:
            continue
        state = deployed.files.get(managed.path)
        if state is not None and state.content is not None:
            lines = desired.compiled.flag_lines.get(plan.platform, [])
            yield from compare_flag_lines(managed.path, lines, state.content)
