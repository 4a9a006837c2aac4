"""Walk two normalised trees and name every change by the osquery object it touches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. ``old`` is the left side (the inventory, or the older
    revision), ``new`` the right (the host, or the newer revision)."""

    kind: str  # added | removed | changed
    path: tuple[str, ...]
    old: object = None
    new: object = None

    @property
    def pointer(self) -> str:
        """The JSON pointer of the value, e.g. /packs/web/queries/procs/interval."""
        return "/" + "/".join(
            p.replace("~", "~0").replace("/", "~1") for p in self.path
        )

    @property
    def object(self) -> str:
        """What kind of osquery object changed: option, pack, query, decorator, ..."""
        p = self.path
        if p[:1] == ("packs",):
            if len(p) >= 4 and p[2] == "queries":
                return "query" if len(p) == 4 else "query field"
            return "pack" if len(p) == 2 else "pack field"
        if p[:1] == ("options",):
            return "option"
        if p[:1] == ("flags",):
            return "flag"
        if p[:1] == ("decorators",):
            return "decorator"
        if p[:1] == ("schedule",):
            return "query" if len(p) == 2 else "query field"
        return p[0].rstrip("s") if p else "config"

    @property
    def subject(self) -> str:
        """A short human name: 'query web/procs field interval', 'option utc'."""
        p = self.path
        if p[:1] == ("packs",) and len(p) >= 2:
            if len(p) >= 4 and p[2] == "queries":
                name = f"query {p[1]}/{p[3]}"
                return name if len(p) == 4 else f"{name} {'/'.join(p[4:])}"
            return f"pack {p[1]}" if len(p) == 2 else f"pack {p[1]} {'/'.join(p[2:])}"
        if len(p) >= 2 and p[0] in ("options", "flags"):
            return f"{self.object} {'/'.join(p[1:])}"
        return self.pointer


def compare(old: object, new: object, path: tuple[str, ...] = ()) -> list[Change]:
    """Every change from ``old`` to ``new``, depth first, keys in sorted order.

    Mappings are compared key by key; lists and scalars as whole values (a query's
    discovery list is ordered, so order matters).
    """
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        changes: list[Change] = []
        for key in sorted(set(old) | set(new), key=str):
            sub = (*path, str(key))
            if key not in new:
                changes.append(Change(REMOVED, sub, old[key], None))
            elif key not in old:
                changes.append(Change(ADDED, sub, None, new[key]))
            else:
                changes.extend(compare(old[key], new[key], sub))
        return changes
    if old == new and type(old) is type(new):
        return []
    return [Change(CHANGED, path, old, new)]
