"""The YAML the importer writes: PyYAML's safe emitter with a reviewer's choices.

Keys stay in the order given; multi-line text is a ``|`` block scalar (also when it
holds tabs, which YAML allows in block content and PyYAML would otherwise escape);
strings YAML 1.1 would read as something else are quoted by PyYAML's resolver;
versions are always double-quoted; lines are never folded, so a long SQL line stays
one line. UTF-8, no anchors, the same bytes for the same data.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.emitter import ScalarAnalysis


class Quoted(str):
    """A string always written in double quotes (versions: "5.10" is not 5.1)."""


class Flow(list[Any]):
    """A short list written on one line: ``[darwin, linux]``."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def analyze_scalar(self, scalar: str) -> ScalarAnalysis:
        analysis = super().analyze_scalar(scalar)
        if "\t" in scalar and "\n" in scalar and not analysis.allow_block:
            # A tab is valid block-scalar content; judge the rest of the text alone.
            analysis.allow_block = (
                super().analyze_scalar(scalar.replace("\t", " ")).allow_block
            )
        return analysis

    def determine_block_hints(self, text: str) -> str:
        hints = super().determine_block_hints(text)
        # A tab opening the first line would be taken for indentation: say the width.
        if text.lstrip("\n").startswith("\t") and not hints[:1].isdigit():
            hints = str(self.best_indent) + hints
        return hints


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=style)


def _quoted(dumper: yaml.SafeDumper, data: Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


def _flow(dumper: yaml.SafeDumper, data: Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence(
        "tag:yaml.org,2002:seq", list(data), flow_style=True
    )


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Quoted, _quoted)
_Dumper.add_representer(Flow, _flow)


def dump(data: dict[str, Any], header: str = "") -> bytes:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=2**31 - 1,
        default_flow_style=False,
        indent=2,
    )
    return (header + text).encode("utf-8")
