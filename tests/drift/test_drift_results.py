"""osquery's view from a results export: streamed, latest state per host."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from fleet.compile.config import CompiledTarget
from fleet.drift.read.results import MAX_DEPTH, MAX_LINE, read_results, recognise
from tests.drift.conftest import fleet


def line(host: str, name: str, when: int, **rows: object) -> str:
    item = {
        "name": name,
        "hostIdentifier": host,
        "unixTime": when,
        "calendarTime": f"t{when}",
        "decorations": {"host_uuid": host},
        **rows,
    }
    return json.dumps(item)


def schedule_rows(
    compiled: CompiledTarget, denylisted: str = ""
) -> list[dict[str, str]]:
    rows = []
    for pack, body in sorted(compiled.packs.items()):
        for name, query in sorted(body["queries"].items()):  # type: ignore[attr-defined]
            full = f"pack_{pack}_{name}"
            rows.append(
                {
                    "name": full,
                    "query": query["query"],
                    "executions": "3",
                    "interval": str(query["interval"]),
                    "denylisted": "1" if full == denylisted else "0",
                }
            )
    return rows


def write_export(path: Path, compiled: CompiledTarget) -> Path:
    good_info = {
        "version": "5.12.1",
        "config_hash": compiled.config_hash,
        "config_valid": "1",
        "build_platform": "ubuntu",
        "pid": "1",
    }
    packs = [
        {"name": "web", "active": "1", "platform": ""},
        {"name": "cron", "active": "1", "platform": ""},
    ]
    flags = [{"name": "disable_events", "value": "false", "default_value": "true"}]
    lines = [
        # web-1: in sync, but its schedule arrives in event format with one change
        line("web-1", "fleet_info", 100, action="snapshot", snapshot=[good_info]),
        line("web-1", "fleet_packs", 100, action="snapshot", snapshot=packs),
        *(
            line("web-1", "fleet_schedule", 100, action="added", columns=row, counter=0)
            for row in schedule_rows(compiled)
        ),
        # web-2: the watchdog denylisted a query (batch format)
        line("web-2", "fleet_info", 200, action="snapshot", snapshot=[good_info]),
        line(
            "web-2",
            "fleet_schedule",
            200,
            diffResults={"added": schedule_rows(compiled), "removed": []},
            counter=0,
        ),
        line(
            "web-2",
            "fleet_schedule",
            300,
            diffResults={
                "added": schedule_rows(compiled, "pack_web_procs")[2:3],
                "removed": schedule_rows(compiled)[2:3],
            },
            counter=1,
        ),
        "this line is not JSON",
        line(
            "web-2", "some_other_query", 300, action="snapshot", snapshot=[{"x": "1"}]
        ),
        # web-3: runs another config; an older snapshot arrives after a newer one
        line(
            "web-3",
            "fleet_info",
            500,
            action="snapshot",
            snapshot=[{**good_info, "config_hash": "f" * 40}],
        ),
        line("web-3", "fleet_info", 400, action="snapshot", snapshot=[good_info]),
        # the other tables of web-1 and web-2; web-3 has osquery_info only
        line("web-1", "fleet_flags", 100, action="snapshot", snapshot=flags),
        line("web-2", "fleet_packs", 200, action="snapshot", snapshot=packs),
        line("web-2", "fleet_flags", 200, action="snapshot", snapshot=flags),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_tables_are_recognised_by_columns() -> None:
    assert recognise({"config_hash", "version"}) == "info"
    assert recognise({"name", "query", "interval", "blacklisted"}) == "schedule"
    assert recognise({"name", "active", "shard"}) == "packs"
    assert recognise({"name", "value", "default_value", "type"}) == "flags"
    assert recognise({"name", "value"}) is None


def test_latest_state_per_host(
    tmp_path: Path, compiled: dict[str, CompiledTarget]
) -> None:
    export = read_results([write_export(tmp_path / "r.jsonl", compiled["servers"])])
    assert (export.lines, export.skipped) == (15, 2)
    assert sorted(export.views) == ["web-1", "web-2", "web-3"]
    web2 = export.views["web-2"]
    assert web2.schedule is not None
    assert web2.schedule["pack_web_procs"]["denylisted"] == "1"
    assert len(web2.schedule) == 3 and web2.as_of == "t300"
    assert export.views["web-3"].info == {
        "version": "5.12.1",
        "config_hash": "f" * 40,
        "config_valid": "1",
        "build_platform": "ubuntu",
    }
    assert [(u.subject, u.reason) for u in export.views["web-3"].unread] == [
        (f"osquery_{table}", "the results export has no results of it for this host")
        for table in ("schedule", "packs", "flags")
    ]
    assert export.views["web-1"].unread == export.views["web-2"].unread == []


def test_drift_from_results(
    tmp_path: Path, servers_inventory: Path, compiled: dict[str, CompiledTarget]
) -> None:
    export = write_export(tmp_path / "r.jsonl", compiled["servers"])
    code, out, err = fleet(
        "drift",
        "-i",
        servers_inventory,
        "--results",
        export,
        "--target",
        "servers",
        "--format",
        "json",
    )
    assert code == 3, err
    assert "skipped 2 of 15 line(s)" in err
    hosts = {h["host"]: h for h in json.loads(out)["hosts"]}
    assert {n: h["status"] for n, h in hosts.items()} == {
        "web-1": "in-sync",
        "web-2": "drift",
        "web-3": "error",
    }
    assert hosts["web-1"]["source"] == "results"
    assert [(f["code"], f["subject"]) for f in hosts["web-2"]["findings"]] == [
        ("query-denylisted", "pack_web_procs")
    ]
    # web-3 reported osquery_info only: what it tells is drift, the rest unknown
    hash_finding, *unread = hosts["web-3"]["findings"]
    assert (hash_finding["code"], hash_finding["deployed"]) == ("config-hash", "f" * 40)
    assert hash_finding["desired"] == compiled["servers"].config_hash
    assert [(f["code"], f["severity"], f["message"]) for f in unread] == [
        (
            "read-incomplete",
            "error",
            f"could not read osquery_{table}: the results export has no results of "
            "it for this host",
        )
        for table in ("flags", "packs", "schedule")
    ]
    assert hosts["web-3"]["error"] == INCOMPLETE_WEB3


def test_a_table_known_only_by_its_changes_is_not_read_whole(
    tmp_path: Path, servers_inventory: Path, compiled: dict[str, CompiledTarget]
) -> None:
    export = write_export(tmp_path / "r.jsonl", compiled["servers"])
    # web-1's schedule: only a later run's changes (counter 3), not its first run
    text = export.read_text().replace('"counter": 0', '"counter": 3')
    export.write_text(text)
    code, out, err = fleet(
        "drift", "-i", servers_inventory, "--results", export, "--format", "json"
    )
    assert code == 3, err
    hosts = {h["host"]: h for h in json.loads(out)["hosts"]}
    assert hosts["web-1"]["status"] == "error"
    assert [(f["code"], f["subject"]) for f in hosts["web-1"]["findings"]] == [
        ("read-incomplete", "osquery_schedule")
    ]
    assert hosts["web-1"]["error"] == (
        "not read completely: could not read osquery_schedule: the results export "
        "has only changes to it for this host, not a snapshot or its first run "
        "(counter 0), so its rows are not known"
    )


INCOMPLETE_WEB3 = "not read completely: " + "; ".join(
    f"could not read osquery_{table}: the results export has no results of it for "
    "this host"
    for table in ("flags", "packs", "schedule")
)


def test_results_hosts_get_targets_by_hash_or_hosts_file(
    tmp_path: Path, servers_inventory: Path, compiled: dict[str, CompiledTarget]
) -> None:
    export = write_export(tmp_path / "r.jsonl", compiled["servers"])
    hosts = tmp_path / "hosts.yml"
    hosts.write_text("servers:\n  - name: web-3\n  - name: web-9\n")
    code, out, _ = fleet(
        "drift",
        "-i",
        servers_inventory,
        "--results",
        export,
        "--hosts",
        hosts,
        "--format",
        "json",
    )
    assert code == 3
    status = {
        h["host"]: (h["target"], h["status"], h["error"])
        for h in json.loads(out)["hosts"]
    }
    assert status == {
        # no --target: web-1 and web-2 report the servers config_hash
        "web-1": ("servers", "in-sync", None),
        "web-2": ("servers", "drift", None),
        "web-3": ("servers", "error", INCOMPLETE_WEB3),
        "web-9": ("servers", "error", "not in the results export"),
    }


HINT = (
    " (give the filesystem logger's results of the osquery_info, osquery_schedule, "
    "osquery_packs and osquery_flags queries; see docs/drift.md)\n"
)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("", "it is empty"),
        ("\n  \n", "it is empty"),
        (
            line("web-1", "pack_x_users", 1, action="snapshot", snapshot=[{"uid": "0"}])
            + "\n"
            + json.dumps({"name": "fleet_info", "snapshot": []})  # no hostIdentifier
            + "\n[1, 2]\n",
            "of its 3 line(s), 3 from no osquery_* table drift reads",
        ),
        ('not json\n{"name": \n', "of its 2 line(s), 2 not JSON"),
    ],
)
def test_an_export_that_teaches_nothing_is_exit_3(
    tmp_path: Path,
    servers_inventory: Path,
    compiled: dict[str, CompiledTarget],
    text: str,
    what: str,
) -> None:
    useless = tmp_path / "useless.jsonl"
    useless.write_text(text, encoding="utf-8")
    good = write_export(tmp_path / "good.jsonl", compiled["servers"])
    for exports in ([useless], [good, useless]):
        args = [a for path in exports for a in ("--results", path)]
        code, out, err = fleet(
            "drift", "-i", servers_inventory, "--target", "servers", *args
        )
        assert (code, out) == (3, "")
        assert err == (
            "fleet: error: nothing about any host was learned from results export "
            f"{useless}: {what}" + HINT
        )


def test_a_huge_line_is_skipped_not_held(
    tmp_path: Path, servers_inventory: Path, compiled: dict[str, CompiledTarget]
) -> None:
    export = write_export(tmp_path / "r.jsonl", compiled["servers"])
    lines = export.read_bytes().splitlines(keepends=True)
    huge = b'{"name": "fleet_info", "hostIdentifier": "web-9", "x": "'
    with export.open("wb") as fh:
        fh.writelines(lines[:2])
        fh.write(huge + b"A" * (50 * 1024 * 1024))  # 50 MiB, no newline yet
        fh.write(b'"}\n')
        fh.writelines(lines[2:])
        fh.write(b"B" * (MAX_LINE + 1))  # the last line: no newline at all
    last = len(lines) + 2

    tracemalloc.start()
    try:
        code, out, err = fleet(
            "drift",
            "-i",
            servers_inventory,
            "--results",
            export,
            "--target",
            "servers",
            "--format",
            "json",
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MAX_LINE + 8 * 1024 * 1024  # one capped line at most, never 50 MiB
    assert code == 3, err
    assert err.splitlines()[:2] == [
        f"{export}:3:1: warning results-line-too-long line longer than 16 MiB: "
        "skipped (a line of osquery's filesystem logger is one result; this one is "
        "not)",
        f"{export}:{last}:1: warning results-line-too-long line longer than 16 MiB: "
        "skipped (a line of osquery's filesystem logger is one result; this one is "
        "not)",
    ]
    hosts = {h["host"]: h["status"] for h in json.loads(out)["hosts"]}
    assert hosts == {"web-1": "in-sync", "web-2": "drift", "web-3": "error"}


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def test_a_deeply_nested_line_is_skipped_like_one_not_json(
    tmp_path: Path, servers_inventory: Path, compiled: dict[str, CompiledTarget]
) -> None:
    """Past MAX_DEPTH levels (the object itself is one), a line is not read."""
    export = write_export(tmp_path / "r.jsonl", compiled["servers"])
    info = {"config_hash": compiled["servers"].config_hash, "config_valid": "1"}
    lines = export.read_text().splitlines(keepends=True)
    deep = [
        "[" * 100_000 + "]" * 100_000 + "\n",
        line("web-4", "fleet_info", 1, snapshot=[info], x=json.loads(nested(64)))
        + "\n",
        line("web-5", "fleet_info", 1, snapshot=[info], x=json.loads(nested(63)))
        + "\n",
    ]
    export.write_text("".join(lines[:3] + deep + lines[3:]))
    code, out, err = fleet(
        "drift",
        "-i",
        servers_inventory,
        "--results",
        export,
        "--target",
        "servers",
        "--format",
        "json",
    )
    assert code == 3, err
    assert err.splitlines()[0] == (
        "skipped 4 of 18 line(s) in the results export: not JSON (or nested more "
        "than 64 levels deep), or not from an osquery_* table drift reads"
    )
    hosts = {h["host"]: h["status"] for h in json.loads(out)["hosts"]}
    assert hosts == {
        "web-1": "in-sync",
        "web-2": "drift",
        "web-3": "error",
        "web-5": "error",  # osquery_info only: the other tables are unknown
    }
    assert MAX_DEPTH == 64
