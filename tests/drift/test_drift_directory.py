"""Drift over a directory holding a host's files: every rule, exactly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from fleet.compile.config import CompiledTarget
from fleet.drift.model import ERROR, IN_SYNC
from tests.drift.conftest import CheckHost, codes, drift_host, fleet
from tests.drift.deploy import deploy

CONF = "/etc/osquery/osquery.conf"
FLAGS = "/etc/osquery/osquery.flags"
WEB = "/etc/osquery/packs/web.conf"
SECRET = "/etc/osquery/enroll_secret"


def edit_json(root: Path, path: str, change: object) -> None:
    file = root / path.lstrip("/")
    data = json.loads(file.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    file.write_text(json.dumps(data, indent=2), encoding="utf-8")


def test_clean_deploy_is_in_sync(host_root: Path, check: CheckHost) -> None:
    result = check(host_root)
    assert result.status == IN_SYNC
    assert result.platform == "linux"
    assert codes(result, drift_only=False) == [("osquery-version-unknown", "", "")]


def test_k26_pack_interval_changed_with_restart_note(
    host_root: Path, check: CheckHost
) -> None:
    edit_json(host_root, WEB, lambda d: d["queries"]["procs"].update(interval=60))
    [finding] = check(host_root).findings[:1]
    assert (finding.code, finding.file, finding.pointer) == (
        "query-changed",
        WEB,
        "/queries/procs/interval",
    )
    assert finding.message == "/queries/procs/interval: desired 300, deployed 60"
    assert (finding.desired, finding.deployed, finding.subject) == (
        300,
        60,
        "query web/procs interval",
    )
    assert "restart osqueryd" in finding.hint and "config_hash" in finding.hint


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["queries"]["procs"].update(query="SELECT 1"),
            (
                "query-changed",
                "/queries/procs/query",
                "SELECT pid, name FROM processes",
                "SELECT 1",
            ),
        ),
        (
            lambda d: d["queries"]["procs"].update(platform="darwin"),
            ("query-changed", "/queries/procs/platform", None, "darwin"),
        ),
        (
            lambda d: d["queries"]["procs"].update(version="5.0.0"),
            ("query-changed", "/queries/procs/version", None, "5.0.0"),
        ),
        (
            lambda d: d["queries"]["procs"].update(shard=10),
            ("query-changed", "/queries/procs/shard", None, 10),
        ),
        (
            lambda d: d["queries"]["ports"].update(snapshot=False),
            ("query-changed", "/queries/ports/snapshot", True, False),
        ),
        (
            lambda d: d["queries"]["procs"].update(removed=False),
            ("query-changed", "/queries/procs/removed", True, False),
        ),
        (
            lambda d: d["queries"]["procs"].update(denylist="false"),
            ("query-changed", "/queries/procs/denylist", True, False),
        ),
        (
            lambda d: d["queries"].pop("ports"),
            ("query-missing", "/queries/ports", "*", None),
        ),
        (
            lambda d: d["queries"].update(extra={"query": "SELECT 2", "interval": 9}),
            ("query-extra", "/queries/extra", None, "*"),
        ),
        (
            lambda d: d.update(platform="linux"),
            ("pack-changed", "/platform", None, "linux"),
        ),
        (
            lambda d: d.update(discovery=["SELECT 1"]),
            ("pack-changed", "/discovery", None, ["SELECT 1"]),
        ),
    ],
)
def test_each_query_and_pack_field(
    host_root: Path, check: CheckHost, change: object, expected: tuple[object, ...]
) -> None:
    edit_json(host_root, WEB, change)
    drift = [f for f in check(host_root).findings if f.is_drift]
    assert len(drift) == 1, drift
    code, pointer, desired, deployed = expected
    assert (drift[0].code, drift[0].file, drift[0].pointer) == (code, WEB, pointer)
    if desired != "*":
        assert drift[0].desired == desired
    if deployed != "*":
        assert drift[0].deployed == deployed


def test_main_config_options_decorators_and_pack_paths(
    host_root: Path, check: CheckHost
) -> None:
    def change(d: dict[str, dict[str, object]]) -> None:
        d["options"]["schedule_splay_percent"] = 50
        d["options"]["verbose"] = True
        del d["options"]["host_identifier"]
        d["decorators"]["load"] = ["SELECT 1"]
        d["packs"]["cron"] = "/tmp/cron.conf"

    edit_json(host_root, CONF, change)
    assert codes(check(host_root)) == [
        ("decorator-changed", CONF, "/decorators/load"),
        ("option-missing", CONF, "/options/host_identifier"),
        ("option-changed", CONF, "/options/schedule_splay_percent"),
        ("option-extra", CONF, "/options/verbose"),
        ("config-changed", CONF, "/pack_paths/cron"),
    ]


def test_k27_form_is_not_drift_but_content_is(
    host_root: Path, check: CheckHost
) -> None:
    file = host_root / WEB.lstrip("/")
    data = json.loads(file.read_text(encoding="utf-8"))
    data["queries"]["procs"]["query"] += ";"  # K19: a trailing semicolon is not drift
    reordered = dict(reversed(list(data.items())))
    file.write_text(
        json.dumps(reordered, indent=4, ensure_ascii=True), encoding="utf-8"
    )
    assert "\\u00dcberwachung" in file.read_text(encoding="utf-8")
    result = check(host_root)
    assert result.status == IN_SYNC
    assert ("file-bytes", WEB, "") in codes(result, drift_only=False)

    data["queries"]["procs"]["description"] = "Uberwachung"
    file.write_text(json.dumps(data), encoding="utf-8")
    assert codes(check(host_root)) == [
        ("query-changed", WEB, "/queries/procs/description")
    ]


def test_osquery_comment_and_continuation_rules(
    host_root: Path, check: CheckHost
) -> None:
    file = host_root / WEB.lstrip("/")
    text = file.read_text(encoding="utf-8")
    text = "# managed by fleet\n" + text.replace(
        "SELECT pid, name", "SELECT pid, \\\nname"
    )
    file.write_text(text, encoding="utf-8")
    assert check(host_root).status == IN_SYNC


def test_unparsable_and_duplicate_keys(host_root: Path, check: CheckHost) -> None:
    (host_root / WEB.lstrip("/")).write_text('{"queries": {}, }', encoding="utf-8")
    conf = host_root / CONF.lstrip("/")
    conf.write_text(conf.read_text().replace("{\n", '{\n  "packs": {},\n', 1))
    result = check(host_root)
    assert codes(result)[:2] == [
        ("file-duplicate-key", CONF, ""),
        ("file-unparsable", WEB, ""),
    ]
    assert result.findings[1].message.startswith(f"{WEB}: invalid JSON at line 1")


def test_k25_flag_file_lines_compared_exactly(
    host_root: Path, check: CheckHost
) -> None:
    flags = host_root / FLAGS.lstrip("/")
    text = flags.read_text().replace(
        "--disable_events=false\n", "--disable_events=false \n"
    )
    flags.write_text(
        text.replace("--logger_plugin=filesystem\n", "") + "--verbose=true\n"
    )
    result = check(host_root)
    assert codes(result) == [
        ("flag-changed", FLAGS, "--disable_events"),
        ("flag-missing", FLAGS, "--logger_plugin"),
        ("flag-extra", FLAGS, "--verbose"),
    ]
    assert result.findings[0].message == (
        '--disable_events: desired "false", deployed "false " (trailing whitespace)'
    )


def test_flag_lines_order_newline_and_junk(host_root: Path, check: CheckHost) -> None:
    flags = host_root / FLAGS.lstrip("/")
    lines = flags.read_text().splitlines()
    flags.write_text("\n".join(reversed(lines)))
    result = check(host_root)
    assert result.status == IN_SYNC
    assert {c for c, _, _ in codes(result, drift_only=False)} >= {
        "flag-order",
        "flag-newline",
    }
    flags.write_text("\n".join(lines) + "\n# comment\nverbose\n--disable_events=true\n")
    assert codes(check(host_root)) == [
        ("flag-extra", FLAGS, "--disable_events"),
        ("flag-line", FLAGS, "line 6"),
    ]


def test_flag_file_comments_and_blank_lines_are_not_drift(
    host_root: Path, servers_inventory: Path
) -> None:
    flags = host_root / FLAGS.lstrip("/")
    lines = flags.read_text().splitlines()
    flags.write_text(
        "# managed by puppet\n\n"
        + "\n  \t\n".join(lines)
        + "\n   # indented comment\n#--verbose=true\n\n"
    )
    code, host, err = drift_host(servers_inventory, host_root)
    assert code == 0, err
    assert [(f["code"], f["severity"], f["message"]) for f in host["findings"]] == [
        (
            "osquery-version-unknown",
            "info",
            "the osquery version could not be read; the inventory needs 5.12.1 or "
            "later",
        ),
        (
            "file-bytes",
            "info",
            f"{FLAGS} differs from the compiled flags only by 8 blank or comment "
            "line(s), which osquery skips",
        ),
    ]
    # a flag after a comment is still compared: the comment only is skipped
    flags.write_text(flags.read_text() + "# next\n--verbose=true\n")
    code, host, _ = drift_host(servers_inventory, host_root)
    assert code == 1
    assert [
        (f["code"], f["pointer"]) for f in host["findings"] if f["severity"] == "error"
    ] == [("flag-extra", "--verbose")]


def test_flag_lines_read_as_gflags_reads_them(
    host_root: Path, servers_inventory: Path
) -> None:
    """Leading whitespace and one dash are the same flag; a Windows \\r is not."""
    flags = host_root / FLAGS.lstrip("/")
    lines = flags.read_text().splitlines()
    respelled = [f"  {lines[0]}", lines[1][1:], *lines[2:]]
    flags.write_text("\n".join(respelled) + "\n")

    def drift() -> tuple[int, list[tuple[str, str, str]]]:
        code, host, _ = drift_host(servers_inventory, host_root)
        return code, [
            (f["code"], f["severity"], f["message"])
            for f in host["findings"]
            if f["code"] != "osquery-version-unknown"
        ]

    assert drift() == (
        0,
        [
            (
                "file-bytes",
                "info",
                f"{FLAGS} differs from the compiled flags only by 2 line(s) with "
                "leading whitespace or a single dash, which osquery reads the same",
            )
        ],
    )
    # gflags keeps a \r in the value: 'true\r' is no boolean, osqueryd stops
    flags.write_text("\r\n".join(lines) + "\r\n")
    code, found = drift()
    assert code == 1
    assert {c for c, severity, _ in found if severity == "error"} == {"flag-changed"}


def test_k24_unexpected_pack_file(host_root: Path, check: CheckHost) -> None:
    (host_root / "etc/osquery/packs/db.conf").write_text("{}")
    [finding] = [f for f in check(host_root).findings if f.is_drift]
    assert (finding.code, finding.file) == (
        "pack-file-unexpected",
        "/etc/osquery/packs/db.conf",
    )
    assert finding.message == "unexpected pack file db.conf in /etc/osquery/packs"


def test_modes_owner_group_kind(host_root: Path, check: CheckHost) -> None:
    os.chmod(host_root / CONF.lstrip("/"), 0o644)
    os.chmod(host_root / SECRET.lstrip("/"), 0o640)
    os.chmod(host_root / "etc/osquery/packs", 0o755)
    os.chown(host_root / FLAGS.lstrip("/"), 65534, 65534)
    result = check(host_root)
    assert codes(result) == [
        ("file-mode", SECRET, ""),
        ("file-mode", CONF, ""),
        ("file-group", FLAGS, ""),
        ("file-owner", FLAGS, ""),
        ("file-mode", "/etc/osquery/packs", ""),
    ]
    by_file = {f.file: f for f in result.findings if f.code == "file-mode"}
    assert by_file[CONF].message == (
        f"config {CONF} has mode 0644, open to everyone (deployed: 0640 or stricter)"
    )
    assert (by_file[SECRET].desired, by_file[SECRET].deployed) == ("0600", "0640")


def test_stricter_modes_are_fine(host_root: Path, check: CheckHost) -> None:
    os.chmod(host_root / CONF.lstrip("/"), 0o600)
    os.chmod(host_root / SECRET.lstrip("/"), 0o400)
    assert check(host_root).status == IN_SYNC


def test_missing_and_not_regular(host_root: Path, check: CheckHost) -> None:
    (host_root / WEB.lstrip("/")).unlink()
    (host_root / SECRET.lstrip("/")).unlink()
    (host_root / SECRET.lstrip("/")).mkdir()
    result = check(host_root)
    assert codes(result) == [
        ("file-not-regular", SECRET, ""),
        ("file-missing", WEB, ""),
    ]
    assert "restart osqueryd" in result.findings[1].hint


def test_unreadable_hosts_are_errors(tmp_path: Path, check: CheckHost) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = check(empty)
    assert result.status == ERROR
    assert result.error.startswith(f"no osquery files on the host: {CONF} is missing")
    assert (
        check(tmp_path / "nowhere").error
        == f"{tmp_path / 'nowhere'} is not a directory"
    )


def test_paths_that_cannot_be_read_make_the_host_an_error(
    host_root: Path, servers_inventory: Path
) -> None:
    packs = host_root / "etc/osquery/packs"
    shutil.rmtree(packs)
    packs.symlink_to("packs")  # a loop: nothing below it can be looked up
    code, host, err = drift_host(servers_inventory, host_root)
    assert code == 3, err
    assert host["status"] == "error"
    loop = "Too many levels of symbolic links"
    assert [
        (f["code"], f["file"], f["message"])
        for f in host["findings"]
        if f["severity"] == "error"
    ] == [
        (
            "file-not-regular",
            "/etc/osquery/packs",
            "/etc/osquery/packs is a symlink or special file, not a directory",
        ),
        (
            "read-incomplete",
            "/etc/osquery/packs",
            f"could not read /etc/osquery/packs: cannot list: {loop}",
        ),
        (
            "read-incomplete",
            "/etc/osquery/packs/cron.conf",
            f"could not read /etc/osquery/packs/cron.conf: {loop}",
        ),
        (
            "read-incomplete",
            "/etc/osquery/packs/web.conf",
            f"could not read /etc/osquery/packs/web.conf: {loop}",
        ),
    ]


def test_platform_detected_by_layout(
    tmp_path: Path, compiled: dict[str, CompiledTarget], check: CheckHost
) -> None:
    mac = deploy(compiled["laptops"], tmp_path / "mac", "darwin")
    result = check(mac, "laptops")
    assert result.platform == "darwin"
    assert not any(f.code == "file-missing" for f in result.findings)


def test_version_from_dpkg_status(host_root: Path, check: CheckHost) -> None:
    status = host_root / "var/lib/dpkg/status"
    status.parent.mkdir(parents=True)
    status.write_text(
        "Package: osquery\nStatus: install ok installed\nVersion: 5.2.0-1.linux\n\n"
    )
    [finding] = [f for f in check(host_root).findings if f.is_drift]
    assert finding.code == "osquery-outdated"
    assert finding.message == (
        "osquery 5.2.0-1.linux is older than the inventory's osquery_version 5.12.1"
    )
    status.write_text(status.read_text().replace("5.2.0", "5.13.0"))
    assert codes(check(host_root), drift_only=False) == []


@pytest.mark.parametrize("depth", [32, 100_000])
def test_a_config_nested_too_deep_is_unparsable(
    host_root: Path, servers_inventory: Path, depth: int
) -> None:
    """osquery rejects a config nested 32 levels deep; deeper still is no crash."""
    conf = host_root / CONF.lstrip("/")
    data = json.loads(conf.read_text())
    data["file_paths"] = {"x": "[" * (depth - 2) + "1" + "]" * (depth - 2)}
    conf.write_text(json.dumps(data).replace('"[', "[").replace(']"', "]"))
    code, host, err = drift_host(servers_inventory, host_root)
    assert code == 1, err
    assert [
        (f["code"], f["message"]) for f in host["findings"] if f["severity"] == "error"
    ] == [
        (
            "file-unparsable",
            f"{CONF}: nested 32 or more levels deep: osquery rejects it",
        )
    ]
    conf.write_text(
        json.dumps({**data, "file_paths": {"x": json.loads("[" * 29 + "1" + "]" * 29)}})
    )
    findings = json.loads(
        fleet(
            "drift",
            "-i",
            servers_inventory,
            "--target",
            "servers",
            "-f",
            "json",
            host_root,
        )[1]
    )["hosts"][0]["findings"]
    assert [f["code"] for f in findings if f["severity"] == "error"] == ["config-extra"]
