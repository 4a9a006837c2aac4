"""What ``fleet import`` says, through the real command line: the names, places
and counts a user acts on."""

from __future__ import annotations

from pathlib import Path

from tests.importers.conftest import WriteSources, fleet_import

HINT = "(the inventory has no bare schedule; update log searches and alerts)"


def schedule_warning(stdout: str) -> str:
    lines = [ln for ln in stdout.splitlines() if " import-schedule " in ln]
    assert len(lines) == 1, stdout
    return lines[0]


def test_the_schedule_warning_names_the_query_as_the_source_does(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    src = write_sources(
        {
            "g/osquery.conf": '{"schedule": {"Open Ports": {"query": "SELECT 1", '
            '"interval": 60}}}\n'
        }
    )
    done = fleet_import(src, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert schedule_warning(done.stdout).endswith(
        "osquery.conf:1:14: warning import-schedule the schedule becomes pack "
        "`osquery_schedule`: results of query `Open Ports` arrive as "
        "`pack_osquery_schedule_Open_Ports` instead of `Open Ports` " + HINT
    )


def test_a_longer_schedule_gives_the_rule_and_real_names(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    queries = ", ".join(
        f'"{name}": {{"query": "SELECT 1", "interval": 60}}'
        for name in ("b", "a.x", "c", "d", "e")
    )
    src = write_sources(
        {
            "g/web.conf": '{"options": {"pack_delimiter": "/"}, '
            f'"schedule": {{{queries}}}}}\n'
        }
    )
    done = fleet_import(src, "--out", tmp_path / "out")
    assert schedule_warning(done.stdout).endswith(
        "web.conf:1:50: warning import-schedule the schedule becomes pack "
        "`web_schedule`: results of its 5 queries arrive as "
        "`pack/web_schedule/<query>` instead of `<query>`: `b` as "
        "`pack/web_schedule/b`, `a.x` as `pack/web_schedule/a_x`, `c` as "
        "`pack/web_schedule/c` and 2 more " + HINT
    )


def test_an_empty_schedule_says_so(write_sources: WriteSources, tmp_path: Path) -> None:
    src = write_sources({"g/osquery.conf": '{"schedule": {}}\n'})
    done = fleet_import(src, "--out", tmp_path / "out")
    assert schedule_warning(done.stdout).endswith(
        "osquery.conf:1:14: warning import-schedule the schedule becomes pack "
        "`osquery_schedule`; it holds no query " + HINT
    )


def test_a_bad_kit_header_value_is_one_finding_at_the_value(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    src = write_sources(
        {
            "kit/a.sql": "-- Finds things\n-- interval: abc\nSELECT 1\n",
            "kit/b.sql": "-- Finds\n--   shard:x\n-- interval: 60\nSELECT 1\n",
        }
    )
    done = fleet_import(src, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert [ln.split("/kit/")[1] for ln in done.stdout.splitlines()] == [
        'a.sql:2:14: warning import-interval interval "abc" is not a number of '
        "seconds; not imported",
        'b.sql:2:12: warning import-value shard "x" is not a number; not imported',
    ]
