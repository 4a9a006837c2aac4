"""Markdown that stays intact whatever the inventory holds."""

from __future__ import annotations

from markdown_it import MarkdownIt

from fleet.diff import diff_inventory
from fleet.diff.markdown import code, render_markdown
from tests.diff.conftest import GitRepo, startup_yml


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
