"""Map one value of a source to its inventory form, saying what changed and why.

osquery reads intervals from numbers or numeric strings and booleans from
``"true"``, numbers and strings alike; the inventory wants real integers and real
booleans. A value that can be converted without guessing is converted (with a note
where the text changes); one that cannot is left out with a finding at its place, so
nothing is made up (K08, K11).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fleet.findings import Finding, Pos, error, info, warning
from fleet.importers.nodes import ARRAY, BOOLEAN, NULLV, NUMBER, STRING, Node, describe

VERSION = re.compile(r"\d+(\.\d+){0,3}")
# Fleet GitOps expands $VAR and ${VAR} (upper case by convention); YARA rules inside
# SQL use lower-case $names, which are not references.
ENV_REF = re.compile(r"\$(\{[A-Z_][A-Z0-9_]*\}|[A-Z_][A-Z0-9_]*\b)")


@dataclass(slots=True)
class Fields:
    """Converters for one source file; findings collect on ``findings``."""

    file: str
    findings: list[Finding] = field(default_factory=list)

    def pos(self, node: Node, path: str) -> Pos:
        return node.pos(self.file, path)

    def error(self, code: str, node: Node, path: str, msg: str, hint: str = "") -> None:
        self.findings.append(error(code, self.pos(node, path), msg, hint))

    def warn(self, code: str, node: Node, path: str, msg: str, hint: str = "") -> None:
        self.findings.append(warning(code, self.pos(node, path), msg, hint))

    def note(self, code: str, node: Node, path: str, msg: str, hint: str = "") -> None:
        self.findings.append(info(code, self.pos(node, path), msg, hint))

    # scalars -----------------------------------------------------------------------
    def interval(self, node: Node, path: str) -> int | None:
        number = self._whole(node, path, "interval")
        if number is None:
            return None
        if number == 0:
            self.warn(
                "import-interval",
                node,
                path,
                "interval 0 is not imported: osquery drops the query, and no "
                "interval is made up",
                "set an interval from 1 to 604800 seconds",
            )
            return None
        return number

    def whole(self, node: Node, path: str, key: str) -> int | None:
        return self._whole(node, path, key)

    def _whole(self, node: Node, path: str, key: str) -> int | None:
        code = "import-interval" if key == "interval" else "import-value"
        if node.kind == NUMBER and isinstance(node.value, int):
            return node.value
        if (
            node.kind == NUMBER
            and isinstance(node.value, float)
            and node.value.is_integer()
        ):
            self.note(
                "import-converted",
                node,
                path,
                f"{key} {node.raw} is imported as the whole number {int(node.value)}",
            )
            return int(node.value)
        text = node.text()
        if text is not None and re.fullmatch(r"\s*[0-9]+\s*", text):
            self.note(
                "import-converted",
                node,
                path,
                f'{key} is the string "{text}"; imported as the number {int(text)}',
            )
            return int(text)
        shown = f'"{text}"' if text is not None else describe(node)
        self.warn(
            code,
            node,
            path,
            f"{key} {shown} is not a whole number; it is not imported",
            "osquery would read a number from its leading digits or drop the "
            "query; write a number of seconds"
            if key == "interval"
            else "",
        )
        return None

    def boolean(self, node: Node, path: str, key: str) -> bool | None:
        if node.kind == BOOLEAN and isinstance(node.value, bool):
            return node.value
        text = node.text()
        if text is not None and text.strip().lower() in ("true", "false"):
            value = text.strip().lower() == "true"
            self.note(
                "import-converted",
                node,
                path,
                f'{key} is the string "{text}"; imported as {str(value).lower()}',
            )
            return value
        if node.kind == NUMBER and node.value in (0, 1):
            value = bool(node.value)
            self.note(
                "import-converted",
                node,
                path,
                f"{key} is the number {node.raw}; imported as {str(value).lower()}",
            )
            return value
        self.warn(
            "import-value",
            node,
            path,
            f"{key} must be true or false, not {describe(node)}; it is not imported",
        )
        return None

    def string(
        self, node: Node, path: str, key: str, allow_empty: bool = False
    ) -> str | None:
        text = node.text()
        if text is None:
            if node.kind == NUMBER:
                self.note(
                    "import-converted",
                    node,
                    path,
                    f"{key} is the number {node.raw}; imported as text",
                )
                return node.raw
            if node.kind != NULLV:
                self.warn(
                    "import-value",
                    node,
                    path,
                    f"{key} must be text, not {describe(node)}; it is not imported",
                )
            return None
        if not text.strip() and not allow_empty:
            return None
        return text

    def version(self, node: Node, path: str, key: str = "version") -> str | None:
        text = node.raw if node.kind == NUMBER else self.string(node, path, key)
        if text is None or not text.strip():
            return None
        if not VERSION.fullmatch(text):
            self.warn(
                "import-version",
                node,
                path,
                f'{key} "{text}" is not a dotted version such as 5.12.1; imported '
                "as written, and validation rejects it",
            )
        elif node.kind == NUMBER:
            self.note(
                "import-converted",
                node,
                path,
                f"{key} {text} is a number in the source; imported as the text "
                f'"{text}"',
            )
        return text

    def platform(self, node: Node, path: str) -> str | None:
        """osquery's own platform string, or a Fleet list / spaced list made one."""
        if node.kind == ARRAY:
            parts = [item.text() for item in node.items]
            if any(p is None for p in parts):
                self.warn(
                    "import-value",
                    node,
                    path,
                    "platform list holds something other than text; not imported",
                )
                return None
            text = ",".join(p.strip() for p in parts if p and p.strip())
        else:
            given = self.string(node, path, "platform")
            if given is None:
                return None
            text = given
            if ", " in text or text != text.strip():
                text = ",".join(t.strip() for t in text.split(",") if t.strip())
        if ENV_REF.search(text):
            self.warn(
                "import-env",
                node,
                path,
                "platform holds an environment variable reference, kept as text: "
                "osquery does not expand it",
                "replace it with darwin, linux, windows or posix",
            )
        return text or None

    def sql(self, node: Node, path: str, what: str) -> str | None:
        text = node.text()
        if text is None:
            self.warn(
                "import-value",
                node,
                path,
                f"the SQL of {what} must be text, not {describe(node)}; not imported",
            )
            return None
        if not text.strip():
            self.warn(
                "import-value",
                node,
                path,
                f"the SQL of {what} is empty; osquery rejects it, not imported",
            )
            return None
        reference = ENV_REF.search(text)
        if reference:
            self.warn(
                "import-env",
                node,
                path,
                f"the SQL of {what} holds an environment variable reference "
                f"({reference.group()}), kept as text: osquery does not expand it",
            )
        return text

    def string_list(self, node: Node, path: str, key: str) -> list[str]:
        """Strings of a list; other items are skipped, as osquery skips them."""
        if node.kind == NULLV:
            return []
        if node.kind != ARRAY:
            self.warn(
                "import-value",
                node,
                path,
                f"{key} must be a list, not {describe(node)}; it is not imported",
            )
            return []
        out = []
        for i, item in enumerate(node.items):
            text = item.text()
            if text is None or not text.strip():
                self.warn(
                    "import-value",
                    item,
                    f"{path}[{i}]",
                    f"{key} entry {i + 1} is "
                    f"{describe(item) if text is None else 'empty'}"
                    "; osquery skips it, and so does the import",
                )
                continue
            out.append(text)
        return out

    def tags(self, node: Node, path: str) -> list[str]:
        """Tags from a list, or from one string separated by commas or spaces."""
        if node.kind == STRING and isinstance(node.value, str):
            sep = "," if "," in node.value else None
            return [t.strip() for t in node.value.split(sep) if t.strip()]
        return [t.strip() for t in self.string_list(node, path, "tags") if t.strip()]
