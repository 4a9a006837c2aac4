"""Comparing osquery versions as osquery does: number by number ("5.2-beta" is 5.2)."""

from __future__ import annotations

import re


def version_tuple(text: str) -> tuple[int, ...] | None:
    match = re.match(r"\d+(?:\.\d+)*", text.strip())
    return tuple(int(p) for p in match.group(0).split(".")) if match else None


def older(have: str, want: str) -> bool:
    """Whether version ``have`` is older than ``want`` (False when either is not a
    version)."""
    h, w = version_tuple(have), version_tuple(want)
    if h is None or w is None:
        return False
    size = max(len(h), len(w))
    return h + (0,) * (size - len(h)) < w + (0,) * (size - len(w))
