"""Inventory and host text in Markdown, shown as text and never as markup.

Shared by the cookbook and module READMEs (the ``md`` and ``md_code`` template
filters), the drift report and the diff's pull-request comment.
"""

from __future__ import annotations

import re

# Markdown: characters that make inline markup anywhere in a line.
_MD_INLINE = re.compile(r"[\\`*_~\[\]<>&|$:]")
_MD_WWW = re.compile(r"(?i)\b(www)\.")
# Characters that make a heading, a quote, a list or a rule at the start of a line.
_MD_LINE_START = frozenset("#>+-=")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])(?= |$)")


def markdown_text(value: object) -> str:
    """Inventory text shown as text in Markdown, wherever it is placed.

    Line breaks and runs of spaces become one space (a cell or a line cannot hold a
    break, and a break would let text start a heading or a list). Every character
    that makes inline markup, in CommonMark or GitHub's extensions, is backslash
    escaped: code, emphasis, strikethrough, links and images, raw HTML, entities,
    table cells, math, and URL autolinks (the ``:`` of a scheme, ``www.``).
    Characters that only make markup at the start of a line are escaped there.
    An e-mail address can still become a ``mailto:`` link: GitHub's extension finds
    it in the text after escapes are read, and the text shown stays the same.
    """
    text = _MD_INLINE.sub(r"\\\g<0>", " ".join(str(value).split()))
    text = _MD_WWW.sub(r"\g<1>\\.", text)
    if text[:1] in _MD_LINE_START:
        return "\\" + text
    return _MD_ORDERED.sub(r"\g<1>\\\g<2>", text, count=1)


def markdown_code(value: object) -> str:
    """Inventory text as a code span, or as escaped text when it cannot be one.

    A backtick would end the span and a ``|`` would split a table cell even inside
    one; such text is shown with ``markdown_text`` instead.
    """
    text = " ".join(str(value).split())
    if not text or "`" in text or "|" in text:
        return markdown_text(text)
    return f"`{text}`"
