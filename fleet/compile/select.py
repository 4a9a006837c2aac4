"""Which packs and queries a target gets."""

from __future__ import annotations

from dataclasses import dataclass

from fleet.model import Inventory, Pack, Query, Target
from fleet.osquery.platforms import matches


@dataclass(slots=True)
class Selected:
    pack: Pack
    queries: list[Query]


def selector_matches(selector: str, pack: Pack) -> bool:
    if selector == "*":
        return True
    kind, _, value = selector.partition(":")
    if kind == "group" and value:
        return pack.group == value
    if kind == "tag" and value:
        return value in pack.tags or any(value in q.tags for q in pack.queries.values())
    return selector == pack.name


def runs_on_target(platform: str | None, target: Target) -> bool:
    return bool(matches(platform) & set(target.platforms))


def select(inventory: Inventory, target: Target) -> list[Selected]:
    """The target's packs in name order, each with the queries that can run on it.

    A pack selected by tag gets only the queries carrying that tag unless the pack
    itself carries it or is selected otherwise. Queries whose platform cannot match
    any of the target's platforms are left out; packs left empty are dropped.
    """
    chosen: list[Selected] = []
    for name in sorted(inventory.packs):
        pack = inventory.packs[name]
        whole = any(
            selector_matches(s, pack) for s in target.select if not s.startswith("tag:")
        ) or any(s[4:] in pack.tags for s in target.select if s.startswith("tag:"))
        tags = {s[4:] for s in target.select if s.startswith("tag:")}
        if not whole and not any(tags & set(q.tags) for q in pack.queries.values()):
            continue
        if not runs_on_target(pack.platform, target):
            continue
        queries = [
            pack.queries[q]
            for q in sorted(pack.queries)
            if (whole or tags & set(pack.queries[q].tags))
            and runs_on_target(pack.queries[q].platform, target)
        ]
        if queries:
            chosen.append(Selected(pack, queries))
    return chosen
