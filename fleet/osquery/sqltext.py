"""The one rule for query text: trailing whitespace and semicolons are dropped.

osquery does not need the semicolon; keeping it in some places and not in others
makes the same query look changed. Compile, drift and diff all apply this rule.
"""

from __future__ import annotations


def normalise_sql(text: str) -> str:
    text = text.rstrip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text
