"""Inventory text in the generated README files is shown as text, never as markup.

Checked with a real CommonMark parser (markdown-it-py, with GitHub's tables and
strikethrough): the escaped text must parse back to exactly the inventory's text
(whitespace runs and line breaks made one space), and add no block or inline markup.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from fleet.cli import app
from fleet.markdown import markdown_code, markdown_text
from tests.conftest import WriteInventory
from tests.render.conftest import SERVERS, RenderPuppet

PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# Text that would be markup if written as it is.
HOSTILE_MD = (
    "a | b <script>alert(1)</script> `tick` [x](javascript:alert(1)) "
    "![i](http://e.example/i.png) *em* **b** _u_ ~~s~~ $x$ &amp; &#60; "
    "<http://e.example> https://e.example www.e.example [^1]\n"
    "# not a heading\n- not a list\n> not a quote\n1. not a list\\"
)
LINE_STARTS = [
    "# h",
    "#",
    "- l",
    "+ l",
    "* l",
    "> q",
    "1. l",
    "2) l",
    "===",
    "---",
    "***",
    "    indented",
    "\tindented",
    "[ref]: http://e.example",
    "<div>block</div>",
    "```fence",
    "~~~",
    "| a |",
    "trailing \\",
    "\\",
]
VALUES = [HOSTILE_MD, *LINE_STARTS, "1.4.0", "osquery_fleet", "C:\\Program Files"]
# Inline markup that inventory text must never become.
MARKUP = {
    "link_open",
    "image",
    "html_inline",
    "html_block",
    "em_open",
    "strong_open",
    "s_open",
}


def shown(value: str) -> str:
    """What a reader should see: the text, with whitespace runs made one space."""
    return " ".join(value.split())


def cells(tokens: list[Token]) -> list[list[Token]]:
    """The inline children of each table cell, row by row (header row first)."""
    rows: list[list[Token]] = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append(tokens[index + 1])
    return rows


def text_of(inline: Token) -> str:
    """A cell's or paragraph's text as rendered (code spans by their content)."""
    return "".join(
        "\n" if c.type == "softbreak" else c.content for c in inline.children or []
    )


def inline_types(tokens: list[Token]) -> set[str]:
    return {c.type for t in tokens for c in t.children or []}


@pytest.mark.parametrize("value", VALUES)
def test_escaped_text_is_a_paragraph_of_plain_text(value: str) -> None:
    tokens = PARSER.parse(markdown_text(value))
    assert [t.type for t in tokens] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]
    assert {c.type for c in tokens[1].children or []} == {"text"}
    assert text_of(tokens[1]) == shown(value)


@pytest.mark.parametrize("value", VALUES)
def test_escaped_text_stays_in_its_table_cell(value: str) -> None:
    table = (
        "| text | code | after |\n| --- | --- | --- |\n"
        f"| {markdown_text(value)} | {markdown_code(value)} | end |\n"
    )
    rows = cells(PARSER.parse(table))
    assert len(rows) == 2
    text, code, _ = rows[1]
    assert [text_of(c) for c in rows[1]] == [shown(value), shown(value), "end"]
    assert {c.type for c in text.children or []} == {"text"}
    assert {c.type for c in code.children or []} in ({"code_inline"}, {"text"})


@pytest.mark.parametrize("value", VALUES)
def test_escaped_text_mid_sentence_changes_nothing_around_it(value: str) -> None:
    tokens = PARSER.parse(f"Before {markdown_text(value)} after *this*.")
    assert [t.type for t in tokens] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]
    types = [c.type for c in tokens[1].children or []]
    assert types == ["text", "em_open", "text", "em_close", "text"]
    assert text_of(tokens[1]) == f"Before {shown(value)} after this."


def test_url_autolinks_are_broken() -> None:
    """GitHub links bare URLs (an extension markdown-it-py lacks here); escaping the
    scheme's colon and the dot after www stops it (checked with cmark-gfm -e
    autolink)."""
    text = markdown_text("see https://e.example/x, WWW.e.example and mailto:a")
    assert text == "see https\\://e.example/x, WWW\\.e.example and mailto\\:a"


def test_a_code_span_is_used_only_when_it_shows_the_text() -> None:
    assert markdown_code("/etc/osquery <x> *y*") == "`/etc/osquery <x> *y*`"
    assert markdown_code("a`b") == "a\\`b"
    assert markdown_code("a|b") == "a\\|b"
    assert markdown_code("a\n  b") == "`a b`"


def fleet(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


HOSTILE_DIR = "/opt/a|b `c` <i>x</i> [l](javascript:x) *e* _u_ $m$ &amp;/packs"


def chef_inventory(root: Path, text: str, packs_dir: str) -> Path:
    document = {
        "version": "1.2.0",
        "targets": {
            "laptops": {
                "description": text,
                "platforms": ["darwin", "linux"],
                "deploy": {
                    "tool": "chef",
                    "name": "laptop_osquery",
                    "package_version": "5.12.1",
                },
                "packs": ["*"],
                "pack_mode": "external",
                "packs_dir": packs_dir,
            }
        },
    }
    pack = {
        "description": text,
        "queries": {"procs": {"query": "SELECT pid FROM processes", "interval": 60}},
    }
    (root / "packs" / "g").mkdir(parents=True)
    dump = {"allow_unicode": True, "sort_keys": False}
    (root / "fleet.yml").write_text(yaml.safe_dump(document, **dump), "utf-8")
    (root / "packs/g/web.yml").write_text(yaml.safe_dump(pack, **dump), "utf-8")
    (root / "packs/g/README.md").write_text("# runbook\n", "utf-8")
    return root


def rendered_readme(tmp_path: Path, text: str, packs_dir: str) -> list[Token]:
    inventory = chef_inventory(tmp_path / "inv", text, packs_dir)
    code, _, stderr = fleet("render", "chef", "-i", inventory, "-o", tmp_path / "out")
    assert code == 0, stderr
    readme = tmp_path / "out" / "laptop_osquery" / "README.md"
    return PARSER.parse(readme.read_text(encoding="utf-8"))


def test_cookbook_readme_shows_hostile_inventory_text_as_text(tmp_path: Path) -> None:
    hostile = rendered_readme(tmp_path / "hostile", HOSTILE_MD, HOSTILE_DIR)
    plain = rendered_readme(tmp_path / "plain", "plain words", "/opt/fleet/packs")

    # The same blocks, table rows and cells as with plain text; no inline markup.
    assert [t.type for t in hostile] == [t.type for t in plain]
    assert not inline_types(hostile) & MARKUP
    assert not inline_types(plain) & MARKUP

    # The description, whole, in the first paragraph.
    intro = [t for t in hostile if t.type == "inline"][1]
    assert f": {shown(HOSTILE_MD)}.\nIt is generated" in text_of(intro)
    # The packs directory in the attribute table, on both platforms.
    rows = [[text_of(c) for c in row] for row in cells(hostile)]
    assert ["packs_dir", HOSTILE_DIR, HOSTILE_DIR] in rows
    # The pack's row: name, query count, platform, description.
    assert ["web", "1", "all", shown(HOSTILE_MD)] in rows
    assert ["web", "procs", "60", ""] in rows


def test_module_readme_shows_names_as_text_even_unvalidated(
    write_inventory: WriteInventory, render_puppet: RenderPuppet, tmp_path: Path
) -> None:
    """Validation refuses such query names; the renderer does not rely on that."""
    names = ["q|<b>x</b>", "q`tick`", "q*em*_u_"]
    queries = "".join(
        f"  {json.dumps(n)}:\n    query: SELECT pid FROM processes\n    interval: 60\n"
        for n in names
    )
    inventory = write_inventory(
        root=SERVERS, files={"packs/web/web.yml": f"queries:\n{queries}"}
    )
    module = render_puppet(inventory, tmp_path / "out")
    tokens = PARSER.parse(module.files["README.md"].decode())

    rows = [[text_of(c) for c in row] for row in cells(tokens)]
    for name in names:
        assert ["web", name, "60", ""] in rows
    assert not inline_types(tokens) & (MARKUP - {"link_open"})
