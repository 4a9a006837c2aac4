"""Report formats: golden JSON, Markdown and JUnit; secrets never printed.

The goldens come from the real CLI over real host directories, an inventory in a
real git repository with fixed commit dates, and ``SOURCE_DATE_EPOCH`` fixing the
report time (and zeroing durations). Regenerate after an intended change with:

    FLEET_UPDATE_GOLDEN=1 pytest tests/drift

and read the diff of tests/drift/golden/ before committing it.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_it.token import Token

from fleet.compile.config import CompiledTarget
from fleet.drift.codes import CODES, markdown_table
from fleet.drift.secrets import (
    REDACTED,
    display_address,
    looks_secret,
    redact,
    redact_line,
)
from fleet.printable import unsafe_characters
from tests.conftest import WriteInventory
from tests.drift.conftest import (
    SERVER_FILES,
    SERVERS_ROOT,
    CheckHost,
    compile_dir,
    fleet,
)
from tests.drift.deploy import SECRET_VALUE, deploy
from tests.drift.test_drift_results import write_export
from tests.drift.test_drift_ssh import tamper

GOLDEN = Path(__file__).parent / "golden"
UPDATE = bool(os.environ.get("FLEET_UPDATE_GOLDEN"))
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z
GIT_ENV = {
    "GIT_AUTHOR_NAME": "fleet",
    "GIT_AUTHOR_EMAIL": "fleet@example.invalid",
    "GIT_COMMITTER_NAME": "fleet",
    "GIT_COMMITTER_EMAIL": "fleet@example.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}
FORMATS = {"json": "drift.json", "markdown": "drift.md", "junit": "drift.xml"}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{name} differs from its golden"


def git_commit(directory: Path) -> None:
    env = {**os.environ, **GIT_ENV}
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "inventory"],
    ):
        subprocess.run(["git", *args], cwd=directory, env=env, check=True)


@pytest.fixture
def fleet_dir(
    tmp_path: Path, servers_inventory: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """tmp_path as the working directory: inventory in git, hosts, an export."""
    git_commit(servers_inventory)
    compiled = compile_dir(servers_inventory)
    deploy(compiled["servers"], tmp_path / "hosts/web-1")
    tamper(deploy(compiled["servers"], tmp_path / "hosts/web-2"))
    export = write_export(tmp_path / "results.jsonl", compiled["servers"])
    export.write_text(export.read_text().replace('"web-', '"edge-'))
    (tmp_path / "hosts.yml").write_text(
        "servers:\n"
        "  - hosts/web-1\n"
        "  - {address: hosts/web-2, platform: linux}\n"
        "  - {address: hosts/gone, name: gone}\n"
        "  - {name: edge-2}\n"
        "  - {name: edge-3}\n"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_format(fmt: str, *extra: str) -> tuple[int, str]:
    code, out, _ = fleet(
        "drift",
        "-i",
        "inv",
        "--hosts",
        "hosts.yml",
        "--results",
        "results.jsonl",
        "--format",
        fmt,
        "--timeout",
        "5",
        *extra,
        env=EPOCH,
    )
    return code, out


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden(fleet_dir: Path, fmt: str) -> None:
    code, out = run_format(fmt)
    assert code == 3
    check_golden(FORMATS[fmt], out)
    again = run_format(fmt, "--output", f"report.{fmt}")
    assert again == (3, "")
    assert (fleet_dir / f"report.{fmt}").read_text(encoding="utf-8") == out


def test_json_schema_fields(fleet_dir: Path) -> None:
    document = json.loads(run_format("json")[1])
    assert document["schema"] == "fleet-drift/1"
    assert document["generated_at"] == "2026-01-01T00:00:00Z"
    assert len(document["inventory"]["commit"]) == 40
    assert document["inventory"]["dirty"] is False
    assert document["totals"] == {
        "hosts": 6,
        "in_sync": 2,
        "drift": 2,
        "error": 2,
        "findings": 8,
        "notes": 2,
    }
    gone = next(h for h in document["hosts"] if h["host"] == "gone")
    assert gone["error"] == "hosts/gone is not a directory"


def test_junit_is_one_testcase_per_host(fleet_dir: Path) -> None:
    root = ET.fromstring(run_format("junit")[1])
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (
        "6",
        "2",
        "2",
    )
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert len(cases["web-2"].findall("failure")) == 6
    assert cases["gone"].find("error").get("type") == "unreadable"  # type: ignore[union-attr]
    # read in part: an error, and the drift found in the rest still a failure
    assert cases["edge-3"].find("error").get("type") == "incomplete"  # type: ignore[union-attr]
    assert [f.get("type") for f in cases["edge-3"].findall("failure")] == [
        "config-hash"
    ]
    assert not list(cases["web-1"].iter("failure"))


def test_dirty_inventory_is_marked(fleet_dir: Path) -> None:
    (fleet_dir / "inv/fleet.yml").write_text(
        (fleet_dir / "inv/fleet.yml").read_text() + "\n"
    )
    assert json.loads(run_format("json")[1])["inventory"]["dirty"] is True
    assert "(dirty: uncommitted changes)" in run_format("markdown")[1]


def test_text_format(fleet_dir: Path) -> None:
    code, out = run_format("text")
    assert code == 3
    assert "gone (servers): UNREADABLE: hosts/gone is not a directory" in out
    assert "web-1 (servers): in sync" not in out  # it has a note: shown as a table
    assert "web-2 (servers, linux, hosts/web-2): DRIFT, 6 finding(s)" in out
    assert out.rstrip().endswith("8 drift finding(s), 2 note(s)")


def test_secret_values_never_appear(
    tmp_path: Path,
    write_inventory: object,
    compiled: dict[str, CompiledTarget],
    servers_inventory: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = "AKIAz9Q8x7W6v5U4t3S2"
    root = deploy(compiled["servers"], tmp_path / "host")
    os.chmod(root / "etc/osquery/enroll_secret", 0o644)
    conf = root / "etc/osquery/osquery.conf"
    data = json.loads(conf.read_text())
    data["options"]["aws_secret_access_key"] = token
    data["options"]["tls_hostname"] = "fleet.example.internal"
    conf.write_text(json.dumps(data))
    flags = root / "etc/osquery/osquery.flags"
    flags.write_text(
        flags.read_text() + f"--enroll_secret_env={token}x\n"
        f"--custom_thing={token}y\n{token}z\n"
    )
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json", "markdown", "junit"):
        code, out, err = fleet(
            "drift",
            "-i",
            servers_inventory,
            "--target",
            "servers",
            "--format",
            fmt,
            "host",
        )
        assert code == 1, err
        for value in (SECRET_VALUE, token):
            assert value not in out + err, fmt
        assert "fleet.example.internal" in out or fmt in ("junit", "text")
    document = json.loads(
        fleet(
            "drift",
            "-i",
            servers_inventory,
            "--target",
            "servers",
            "--format",
            "json",
            "host",
        )[1]
    )
    shown = {f["pointer"]: f["deployed"] for f in document["hosts"][0]["findings"]}
    assert shown["/options/aws_secret_access_key"] == REDACTED
    assert shown["--enroll_secret_env"] == REDACTED
    assert shown["--custom_thing"] == REDACTED
    assert shown["line 7"] == REDACTED


URL_SECRETS = ("hunter3hunter3", "OptPassw0rd", "Passw0rdInUrl")


def test_credentials_in_flag_lines_and_urls_never_appear(
    tmp_path: Path, write_inventory: WriteInventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A token after a secret name on a line that is not --name=value, and the
    password of any URL or user:pass@host found on a host. (The inventory cannot
    hold one: validate refuses it as setting-secret.)"""
    inventory = write_inventory(
        SERVERS_ROOT.replace(
            "      host_identifier: hostname\n",
            "      host_identifier: hostname\n"
            '      tls_hostname: "https://fleet.example"\n',
        ),
        SERVER_FILES,
    )
    root = deploy(compile_dir(inventory)["servers"], tmp_path / "host")
    conf = root / "etc/osquery/osquery.conf"
    data = json.loads(conf.read_text())
    data["options"]["tls_hostname"] = "https://u:OptPassw0rd@h"
    conf.write_text(json.dumps(data))
    flags = root / "etc/osquery/osquery.flags"
    flags.write_text(
        flags.read_text().replace("https://fleet.example", "user:Passw0rdInUrl@host")
        + "--my_token hunter3hunter3\n"
    )
    monkeypatch.chdir(tmp_path)
    outputs = {}
    for fmt in ("text", "json", "markdown", "junit"):
        code, out, err = fleet(
            "drift", "-i", inventory, "--target", "servers", "--format", fmt, "host"
        )
        assert code == 1, err
        for value in URL_SECRETS:
            assert value not in out + err, (fmt, value)
        outputs[fmt] = out
    shown = {
        f["pointer"]: (f["desired"], f["deployed"], f["message"])
        for f in json.loads(outputs["json"])["hosts"][0]["findings"]
    }
    assert shown["/options/tls_hostname"] == (
        None,
        "https://u:***@h",
        '/options/tls_hostname: on the host, not in the inventory ("https://u:***@h")',
    )
    assert shown["line 6"] == (
        None,
        f"--my_token {REDACTED}",
        f'/etc/osquery/osquery.flags:6: not a --name=value line: "--my_token '
        f'{REDACTED}"',
    )
    assert shown["--tls_hostname"] == (
        "https://fleet.example",
        "user:***@host",
        '--tls_hostname: desired "https://fleet.example", deployed "user:***@host"',
    )
    for fmt in ("text", "markdown", "junit"):
        assert "user:***@host" in outputs[fmt], fmt
        assert "u:***@h" in outputs[fmt], fmt


def test_passwords_in_addresses_are_hidden(tmp_path: Path, check: CheckHost) -> None:
    result = check(
        "ssh://deploy:hunter2@127.0.0.1:1?ssh_extra_args=-oBatchMode=yes", timeout=5
    )
    assert result.status == "error"
    assert "hunter2" not in result.error
    assert display_address("paramiko://u:pw@h:22/x") == "paramiko://u:***@h:22/x"
    assert display_address("ssh://u@h") == "ssh://u@h"


def test_secret_rule() -> None:
    # an *_env flag names the variable holding the secret, not the secret
    assert redact("enroll_secret_env", "OSQ_SECRET") == "OSQ_SECRET"
    assert redact("tls_secret", "abc") == REDACTED
    assert (
        redact("tls_client_key_path", "/etc/osquery/key.pem") == "/etc/osquery/key.pem"
    )
    assert redact("keyboard_events", "true") == "true"
    assert redact("logger_tls_endpoint", "/log") == "/log"
    assert looks_secret("ghp_16C7e42F292c6912E7710c838347Ae178B4a")
    assert not looks_secret("fleet.example.internal")
    assert not looks_secret("/etc/osquery/packs/verylongname1234567.conf")
    assert redact_line("--tls_secret=abc") == f"--tls_secret={REDACTED}"
    assert redact_line("--verbose=true") == "--verbose=true"
    # not --name=value: whatever follows a secret name goes, whatever the separator
    assert redact_line("--my_token hunter3") == f"--my_token {REDACTED}"
    assert redact_line("  tls.secret: a b") == f"  tls.secret: {REDACTED}"
    assert redact_line("--tls_client_key_path /k") == "--tls_client_key_path /k"
    assert redact_line("--x ghp_16C7e42F292c6912E7710c8 y") == f"--x {REDACTED} y"
    # the password of a URL or of user:pass@host, wherever the value is
    assert redact("tls_hostname", "https://u:p@ss@h:443/x") == "https://u:***@h:443/x"
    assert redact("x", ["a u:pw@h", {"k": "ftp://u:pw@h"}]) == [
        "a u:***@h",
        {"k": "ftp://u:***@h"},
    ]
    assert redact("x", "https://ghp_16C7e42F292c6912E7710c8@github.com") == (
        "https://***@github.com"
    )
    assert redact("x", "git@github.com:org/repo") == "git@github.com:org/repo"
    assert redact_line("--url https://u:pw@h") == "--url https://u:***@h"


def test_every_code_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs/drift.md").read_text()
    assert markdown_table() in doc
    assert len({c.code for c in CODES}) == len(CODES)


def test_text_in_a_pipe_is_never_shortened_or_folded(
    tmp_path: Path, compiled: dict[str, CompiledTarget], servers_inventory: Path
) -> None:
    name = "web-" + "x" * 120
    root = deploy(compiled["servers"], tmp_path / name)
    value = "fleet-" + "y" * 200 + "-end"
    conf = root / "etc/osquery/osquery.conf"
    data = json.loads(conf.read_text())
    data["options"]["host_identifier"] = value
    conf.write_text(json.dumps(data))
    code, out, err = fleet(
        "drift", "-i", servers_inventory, "--target", "servers", root
    )
    assert code == 1, err
    assert "…" not in out
    # the totals close the text report once, on stdout, not again on stderr
    assert "1 host(s): 0 in sync, 1 with drift, 0 unreadable" in out
    assert "host(s)" not in err
    lines = out.splitlines()
    assert lines[1] == (
        f"{name} (servers, linux, {root}): DRIFT, 1 finding(s), 1 note(s)"
    )
    [row] = [line for line in lines if line.startswith("│ option-changed ")]
    cells = [cell.strip() for cell in row.strip("│").split("│")]
    assert cells == [
        "option-changed",
        "option host_identifier",
        "/etc/osquery/osquery.conf /options/host_identifier",
        '"hostname"',
        f'"{value}"',
    ]


HOSTILE = "a\x00b\x1b[31mc\x7fd\x85e\ud800f]]>g\u202eh\ufffei\r\n\tj"


def test_hostile_values_keep_every_format_well_formed(
    tmp_path: Path, compiled: dict[str, CompiledTarget], servers_inventory: Path
) -> None:
    root = deploy(compiled["servers"], tmp_path / "host")
    conf = root / "etc/osquery/osquery.conf"
    data = json.loads(conf.read_text())
    data["options"]["host_identifier"] = HOSTILE  # json.dumps writes it as escapes
    data["options"][f"key{HOSTILE}"] = HOSTILE
    conf.write_text(json.dumps(data))
    packs = os.fsencode(root / "etc/osquery/packs")
    for name in (b"\x01evil\x1b]]>.conf", b"\xff\xfe.conf", b"new\nline.conf"):
        with open(os.path.join(packs, name), "wb") as fh:
            fh.write(b"{}")
    export = tmp_path / "results.jsonl"
    export.write_text(
        json.dumps(
            {
                "name": "fleet_info",
                "hostIdentifier": f"edge{HOSTILE}",
                "unixTime": 1,
                "snapshot": [{"config_hash": HOSTILE, "version": HOSTILE}],
            }
        )
        + "\n"
    )
    outputs = {}
    for fmt in ("junit", "json", "markdown", "text"):
        code, out, err = fleet(
            "drift",
            "-i",
            servers_inventory,
            "--target",
            "servers",
            "--results",
            export,
            "--format",
            fmt,
            root,
        )
        assert code == 3, err  # the export's host has osquery_info only
        out.encode("utf-8")  # no lone surrogate left
        outputs[fmt] = out

    suite = ET.fromstring(outputs["junit"].encode("utf-8")).find("testsuite")
    assert suite is not None
    # controls, surrogates and noncharacters shown as escapes; CR, LF and tab
    # legal (as character references in attributes)
    assert [c.get("name") for c in suite.iter("testcase")] == [
        "edgea\\x00b\\x1b[31mc\\x7fd\\x85e\\ud800f]]>g\\u202eh\\ufffei\r\n\tj",
        "host",
    ]

    document = json.loads(outputs["json"])
    assert [h["host"] for h in document["hosts"]] == [f"edge{HOSTILE}", "host"]
    deployed = {f["pointer"]: f["deployed"] for f in document["hosts"][1]["findings"]}
    assert deployed["/options/host_identifier"] == HOSTILE  # exact, not escaped
    assert sorted(
        f["deployed"]
        for f in document["hosts"][1]["findings"]
        if f["code"] == "pack-file-unexpected"
    ) == ["\x01evil\x1b]]>.conf", "new\nline.conf", "\udcff\udcfe.conf"]

    for fmt in ("markdown", "text"):
        assert not unsafe_characters(outputs[fmt].replace("\n", "")), fmt
        assert "\ud800" not in outputs[fmt] and "\\ud800" in outputs[fmt], fmt


ALL_FORMATS = ("json", "junit", "markdown", "text")


def drift_to(*args: str | Path) -> tuple[int, str, str]:
    return fleet("drift", "-i", "inv", "--target", "servers", "hosts/web-1", *args)


def test_output_is_written_whole_and_replaces_only_drift_reports(
    fleet_dir: Path,
) -> None:
    for first in ALL_FORMATS:
        for then in ALL_FORMATS:
            report = fleet_dir / f"{first}-{then}.out"
            assert drift_to("--format", first, "-o", report)[0] == 0
            code, out, err = drift_to("--format", then, "-o", report)
            assert (code, out) == (0, ""), err
            assert report.read_text().startswith(
                {"text": "fleet drift:", "json": "{", "markdown": "# osquery"}.get(
                    then, "<?xml"
                )
            )
    empty = fleet_dir / "empty.json"
    empty.touch()  # as mktemp leaves it: nothing to lose
    assert drift_to("--format", "json", "-o", empty)[0] == 0
    assert json.loads(empty.read_text())["schema"] == "fleet-drift/1"
    assert not [p.name for p in fleet_dir.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    "content",
    [
        "precious notes\n",
        '{"schema": "fleet-diff/1", "tool": {"name": "fleet"}}\n',
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pytest">\n',
        "# osquery drift report, by hand\n",
    ],
)
def test_output_never_overwrites_a_file_drift_did_not_write(
    fleet_dir: Path, content: str
) -> None:
    mine = fleet_dir / "mine.txt"
    mine.write_text(content)
    code, out, err = drift_to("--format", "json", "-o", "mine.txt")
    assert (code, out) == (3, "")
    assert err == (
        "fleet: error: refusing to overwrite mine.txt: it is not a report of fleet "
        "drift (choose another path, or move the file away first)\n"
    )
    assert mine.read_text() == content


def test_output_paths_that_would_lose_something_are_refused(fleet_dir: Path) -> None:
    before = sorted(p.name for p in (fleet_dir / "inv").iterdir())
    code, out, err = drift_to("-o", "inv/drift.md")
    assert (code, out) == (3, "")
    assert err == (
        "fleet: error: refusing to write the report to inv/drift.md: it is inside "
        "the inventory inv (write it outside the inventory directory; a report "
        "there would make its git tree dirty)\n"
    )
    assert sorted(p.name for p in (fleet_dir / "inv").iterdir()) == before

    code, out, err = drift_to("-o", "missing/dir/drift.md")
    assert (code, out) == (3, "")
    assert err == (
        "fleet: error: cannot write the report to missing/dir/drift.md: directory "
        f"{fleet_dir}/missing/dir does not exist (create it first, or choose another "
        "path)\n"
    )
    assert not (fleet_dir / "missing").exists()

    (fleet_dir / "adir").mkdir()
    (fleet_dir / "link.json").symlink_to("hosts.yml")
    for path in ("adir", "link.json"):
        code, _, err = drift_to("-o", path)
        assert (code, err) == (
            3,
            f"fleet: error: refusing to write the report to {path}: it is not a "
            "regular file (choose another path)\n",
        )
    assert (fleet_dir / "hosts.yml").read_text().startswith("servers:")


def test_a_failed_write_leaves_the_previous_report(
    fleet_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert drift_to("--format", "json", "-o", "drift.json")[0] == 0
    previous = (fleet_dir / "drift.json").read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    code, out, err = drift_to("--format", "markdown", "-o", "drift.json")
    assert (code, out) == (3, "")
    assert err == "fleet: error: cannot write drift.json: No space left on device\n"
    assert (fleet_dir / "drift.json").read_bytes() == previous
    assert not [p.name for p in fleet_dir.iterdir() if p.name.startswith(".")]


MD_HOSTILE = "<script>alert(1)</script> [link](javascript:alert(1)) a|b *e* _u_"
# Inline and block markup that host text must never become.
MD_MARKUP = {
    "link_open",
    "image",
    "html_inline",
    "html_block",
    "em_open",
    "strong_open",
    "s_open",
}


def test_markdown_shows_host_text_as_text(
    tmp_path: Path, compiled: dict[str, CompiledTarget], servers_inventory: Path
) -> None:
    """Option values, messages, names, addresses and objects stay text, in their
    cells, checked with a CommonMark parser (with GitHub's tables)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    host = "h|<b>x[l](javascript:x) *e*"
    root = deploy(compiled["servers"], tmp_path / host)
    conf = root / "etc/osquery/osquery.conf"
    data = json.loads(conf.read_text())
    data["options"]["host_identifier"] = MD_HOSTILE
    data["options"]["x<i>|y"] = "v"
    conf.write_text(json.dumps(data))
    code, out, err = fleet(
        "drift",
        "-i",
        servers_inventory,
        "--target",
        "servers",
        "--format",
        "markdown",
        root,
    )
    assert code == 1, err

    tokens = parser.parse(out)
    inline = [c for t in tokens for c in t.children or []]
    assert not {c.type for c in inline} & MD_MARKUP
    assert "<script>" not in parser.render(out)

    def text(cell: list[Token]) -> str:
        return "".join(c.content for c in cell)

    rows: list[list[str]] = []
    heads: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append(text(tokens[index + 1].children or []))
        elif token.type == "heading_open" and token.tag == "h3":
            heads.append(text(tokens[index + 1].children or []))
    assert {len(r) for r in rows} == {2, 4, 7}  # no cell split by a pipe
    assert heads == [f"{host}: DRIFT"]
    by_object = {r[2]: r for r in rows if len(r) == 7}
    identifier = by_object["option host_identifier"]
    assert identifier[5] == json.dumps(MD_HOSTILE)
    assert MD_HOSTILE in identifier[6]
    assert identifier[6].startswith("/options/host_identifier: desired ")
    assert by_object["option x<i>|y"][5] == '"v"'
    assert f"read from {root}" in out.replace("\\", "").replace("`", "")
