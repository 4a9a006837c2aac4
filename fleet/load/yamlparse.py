"""Parsing YAML into positioned nodes: syntax errors and alias bombs as findings.

PyYAML with libyaml's C composer when present. Everything else about YAML (typed
values, duplicate keys, YAML 1.1 surprises) is read from these nodes by
``fleet.load.yamldoc``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from fleet.findings import Finding, Pos, error

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: slower, same result
    _Loader = yaml.SafeLoader


@contextmanager
def gc_paused() -> Iterator[None]:
    # Composing allocates one object per node and mark; the cyclic collector would
    # rescan them (and everything already loaded) many times over and triple the
    # cost of a large inventory. Nested pauses are cheap: only the outermost resumes.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return (
            "a ': ' inside an unquoted value starts a new key; quote the value or "
            "write SQL as a block scalar (query: |)"
        )
    if "tab" in problem or "cannot start any token" in problem:
        return (
            "YAML indentation must use spaces, not tabs; a '@', '`' or tab cannot "
            "start a value unquoted"
        )
    if "found undefined alias" in problem:
        return "an '*' starts an alias; quote values that begin with '*'"
    return "fix the YAML syntax at this place"


def _syntax_finding(file: str, exc: yaml.YAMLError, text: str) -> Finding:
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if (
        problem_mark is not None
        and context_mark is not None
        and context
        and context_mark.index < problem_mark.index
        and not text[problem_mark.index :].strip()
    ):
        # The parser ran to the end of the file looking for a closing quote or
        # bracket: where that quote or bracket opened is what needs fixing.
        return error(
            "yaml-syntax",
            Pos(file, context_mark.line + 1, context_mark.column + 1),
            f"YAML does not parse: {problem} at line {problem_mark.line + 1}, "
            f"column {problem_mark.column + 1} (the end of the file), "
            f"{context} that starts here",
            "close the quote that opens here"
            if "quoted scalar" in context
            else "close the bracket that opens here"
            if "flow" in context
            else _syntax_hint(problem),
        )
    mark = problem_mark or context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return error(
        "yaml-syntax",
        Pos(file, line, col),
        f"YAML does not parse: {problem}",
        _syntax_hint(problem),
    )


# How many values aliases may add beyond the document's own nodes: a few reused
# anchors add little; a "billion laughs" document adds billions.
ALIAS_EXPANSION_LIMIT = 100_000


def _alias_bomb(root: Node) -> tuple[Node, str] | None:
    """Where alias expansion passes the limit or an alias contains itself, and which.

    Composed YAML shares an anchored node wherever it is aliased; walking it as a
    tree (as anything that turns it into plain values does) visits it again each
    time, and forever when an alias sits inside its own anchor. Sizes are computed
    once per node, without recursion.
    """
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    unique = 0
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if not children_done and id(node) in entered:
            # reached again from inside itself before it was finished: a cycle
            return node, "recursive"
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        else:
            children = []
        if not children_done and children:
            entered.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        unique += 1
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        if sizes[id(node)] - unique > ALIAS_EXPANSION_LIMIT:
            return node, "expansion"
    return None


def _alias_finding(file: str, bomb: tuple[Node, str]) -> Finding:
    node, kind = bomb
    pos = Pos(file, node.start_mark.line + 1, node.start_mark.column + 1)
    if kind == "recursive":
        return error(
            "yaml-alias",
            pos,
            "a YAML alias here refers to the value that contains it: it never ends",
            "write the values out; a recursive alias cannot be an inventory",
        )
    return error(
        "yaml-alias",
        pos,
        f"YAML aliases here expand to more than {ALIAS_EXPANSION_LIMIT} values",
        "write the values out; an alias bomb cannot be an inventory",
    )


def parse(text: str, file: str) -> tuple[Node | None, list[Finding]]:
    """Compose one YAML document; a syntax error becomes a finding, not an exception."""
    try:
        with gc_paused():
            node = yaml.compose(text, Loader=_Loader)
        bomb = _alias_bomb(node) if node is not None and "&" in text else None
        return (None, [_alias_finding(file, bomb)]) if bomb is not None else (node, [])
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            return None, [
                error(
                    "yaml-syntax",
                    Pos(file, exc.problem_mark.line + 1 if exc.problem_mark else 1, 1),
                    "the file holds more than one YAML document",
                    "keep one document per inventory file (remove the '---')",
                )
            ]
        return None, [_syntax_finding(file, exc, text)]
    except yaml.YAMLError as exc:
        return None, [_syntax_finding(file, exc, text)]


def parse_all(text: str, file: str) -> tuple[list[Node], list[Finding]]:
    """Compose every document of a multi-document stream."""
    try:
        with gc_paused():
            nodes = [n for n in yaml.compose_all(text, Loader=_Loader) if n]
    except yaml.YAMLError as exc:
        return [], [_syntax_finding(file, exc, text)]
    if "&" in text:
        for node in nodes:
            bomb = _alias_bomb(node)
            if bomb is not None:
                return [], [_alias_finding(file, bomb)]
    return nodes, []
