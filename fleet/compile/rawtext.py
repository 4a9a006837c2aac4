"""The one thing compile writes raw: the flag file's ``--name=value`` lines.

osquery.conf and pack files are JSON, where every character is escaped as needed.
The flag file is not: osqueryd reads it line by line, so a line break in a value
starts a second flag (``--config_path=...`` where the inventory says nothing of it),
a NUL cuts the value short, and a name holding ``=`` or a space is another flag.
Such a setting is refused outright, even with ``--allow-errors``: the file would
say something the inventory does not. (The loader reports control characters in
settings too and leaves such settings out; this is the last check, on the very text
that would be written.)
"""

from __future__ import annotations

import re

from fleet.findings import Finding, error
from fleet.model import Setting
from fleet.printable import escaped as escaped_char

FLAG_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
# Every C0 and C1 control (line breaks and tabs included), Unicode line and
# paragraph separators, and the controls that reorder text for a reader.
RAW_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
HINT = "fleet never writes it into the flag file, not even with --allow-errors"


def escaped(text: str) -> str:
    """``text`` with every raw-unsafe character as a visible escape."""
    return RAW_UNSAFE.sub(lambda match: escaped_char(match.group(0)), text)


def unwritable_flags(
    flags: dict[str, Setting], values: dict[str, str]
) -> list[Finding]:
    """A finding for each flag whose line would not say what the inventory says.

    ``values`` are the flags' texts as the flag file would hold them.
    """
    found = []
    for name in sorted(flags):
        pos = flags[name].pos
        if not FLAG_NAME.fullmatch(name):
            found.append(
                error(
                    "name-unsafe",
                    pos,
                    f"flag name '{escaped(name)}' is not a flag name: written as "
                    "--name=value it would read as another flag or value",
                    f"use letters, digits, '_' and '-' only; {HINT}",
                )
            )
            continue
        unsafe = sorted(set(RAW_UNSAFE.findall(values[name])))
        if unsafe:
            shown = ", ".join(escaped(c) for c in unsafe)
            found.append(
                error(
                    "control-character",
                    pos,
                    f"flag '{name}' value '{escaped(values[name])}' holds control "
                    f"characters ({shown}): the flag file carries values raw, where a "
                    "line break starts another flag and a NUL cuts the value short",
                    f"remove them; {HINT}",
                )
            )
    return found
