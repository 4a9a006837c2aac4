"""Markdown that stays intact whatever the inventory holds."""

from __future__ import annotations

import json

from markdown_it import MarkdownIt

from fleet.diff import diff_inventory
from fleet.diff.markdown import code, render_markdown
from tests.diff.conftest import GitRepo, fleet_yml, startup_yml


def test_code_spans_hold_backticks() -> None:
    assert code("utc") == "`utc`"
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert code("two\nlines") == "`two lines`"


def test_a_sql_diff_holding_a_fence_gets_a_longer_one(
    history: tuple[GitRepo, dict[str, str]],
) -> None:
    repo, _ = history
    repo.write(
        {
            "packs/persistence/startup.yml": startup_yml(6).replace(
                "'%anacron%'", "'%```%'"
            )
        }
    )

    text = render_markdown(diff_inventory(repo.path, "v1.6.0", None))

    assert (
        "<details><summary>SQL of <code>startup/crontab</code></summary>\n\n"
        "````diff\n"
        "@@ -1,3 +1,3 @@\n"
        " SELECT command, path\n"
        " FROM crontab\n"
        "-WHERE command NOT LIKE '%anacron%'\n"
        "+WHERE command NOT LIKE '%```%'\n"
        "````\n\n"
        "</details>\n"
    ) in text


def test_an_ignored_file_warning_shows_the_name_as_written(
    history: tuple[GitRepo, dict[str, str]],
) -> None:
    repo, _ = history
    repo.write({".gitignore": "packs/local/\n"})
    repo.commit("ignore local packs")
    name = "packs/local/*my*_pack_<b>.yml"
    repo.write({name: "queries: {}\n"})

    text = render_markdown(diff_inventory(repo.path, "HEAD", None))

    quote = next(line for line in text.splitlines() if "is ignored" in line)
    html = MarkdownIt().render(quote)
    assert html == (
        "<blockquote>\n<p><strong>Warning:</strong> "
        "packs/local/*my*_pack_&lt;b&gt;.yml is ignored by git: this diff counts "
        "it, as fleet compile does, but no commit will hold it</p>\n</blockquote>\n"
    )


PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MARKUP = {"link_open", "image", "html_inline", "em_open", "strong_open", "s_open"}


def option_change(repo: GitRepo, old: str, new: str) -> str:
    """The Markdown line of the option ``x<i>|y`` changing from ``old`` to ``new``
    (YAML scalars), from a real diff of two commits."""
    options = "    options:\n      schedule_splay_percent: 10\n"
    commits = []
    for value in (old, new):
        text = fleet_yml("1.0.0", 0).replace(
            options, f"{options}      'x<i>|y': {value}\n"
        )
        repo.write({"fleet.yml": text})
        commits.append(repo.commit(f"option {value}"))
    text = render_markdown(diff_inventory(repo.path, *commits))
    return next(line for line in text.splitlines() if "x<i>|y" in line)


def code_spans(line: str) -> list[str]:
    tokens = PARSER.parse(line)
    inline = [c for t in tokens for c in t.children or []]
    assert not {c.type for c in inline} & MARKUP
    return [c.content for c in inline if c.type == "code_inline"]


def test_both_sides_of_a_change_share_one_encoding(
    history: tuple[GitRepo, dict[str, str]],
) -> None:
    repo, _ = history
    line = option_change(repo, r"'C:\fleet\db'", r"' C:\fleet\db'")
    assert code_spans(line) == [
        "x<i>|y",
        '"C:\\\\fleet\\\\db"',
        '" C:\\\\fleet\\\\db"',
    ]
    # plain words on both sides stay as they are
    line = option_change(repo, r"'C:\fleet\db'", r"'D:\fleet\db'")
    assert code_spans(line) == ["x<i>|y", "C:\\fleet\\db", "D:\\fleet\\db"]


def test_inventory_text_in_a_diff_is_never_markup(
    history: tuple[GitRepo, dict[str, str]],
) -> None:
    repo, _ = history
    hostile = "<script>alert(1)</script> [l](javascript:alert(1)) *e* `t`"
    line = option_change(repo, "plain", json.dumps(hostile))
    assert code_spans(line) == ["x<i>|y", "plain", hostile]
    assert "<script>" not in PARSER.render(line)
