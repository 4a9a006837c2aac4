"""Secrets in imported settings: never written, never printed (docs/import.md,
Secrets; the rule is fleet/secrets.py's). Through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.importers.conftest import WriteSources, fleet_import, tree

CONFIG = """\
{
  "options": {
    "enroll_secret": "S3cret-one",
    "tls_client_key": "/etc/osquery/client.key",
    "database_password": 90210,
    "custom_obj": {"nested": {"api_token": "S3cret-two"}},
    "tls_secret_always": true,
    "host_identifier": "A1b2C3d4E5f6G7h8I9j0K"
  },
  "logger": {"tls": {"password": "S3cret-three", "port": 443}},
  "views": {"auth_events": "SELECT 1"},
  "schedule": {"q": {"query": "SELECT 1", "interval": 60}}
}
"""
FLAGS = "--enroll_secret=S3cret-four\n--enroll_secret_path=/etc/osquery/secret\n"
GITOPS = """\
agent_options:
  config:
    options:
      custom_api_token: S3cret-five
  command_line_flags:
    tls_password: S3cret-six
org_settings:
  secrets:
  - secret: S3cret-seven
"""
SECRETS = ("S3cret", "90210", "A1b2C3d4")


def test_secrets_are_never_written_nor_printed(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    src = write_sources(
        {"g/osquery.conf": CONFIG, "g/osquery.flags": FLAGS, "g/default.yml": GITOPS}
    )
    out = tmp_path / "out"
    done = fleet_import(src, "--out", out, "--format", "json")
    assert done.returncode == 0, done.stderr
    findings = [
        (Path(f["file"]).name, f["line"], f["column"], f["path"])
        for f in json.loads(done.stdout)
        if f["code"] == "import-secret"
    ]
    assert findings == [
        ("default.yml", 4, 25, "options.custom_api_token"),
        ("default.yml", 6, 19, "agent_options.command_line_flags.tls_password"),
        ("osquery.conf", 3, 22, "options.enroll_secret"),
        ("osquery.conf", 5, 26, "options.database_password"),
        ("osquery.conf", 6, 44, "options.custom_obj.nested.api_token"),
        ("osquery.conf", 8, 24, "options.host_identifier"),
        ("osquery.conf", 10, 34, "logger.tls.password"),
        ("osquery.flags", 1, 17, "flags.enroll_secret"),
    ]
    text = fleet_import(src, "--out", tmp_path / "again")
    written = b"".join(tree(out).values()).decode()
    for secret in SECRETS:
        assert secret not in done.stdout + done.stderr + text.stdout + text.stderr
        assert secret not in written
    fleet_yml = (out / "fleet.yml").read_text()
    assert "    options:\n      tls_client_key: /etc/osquery/client.key\n" in (
        fleet_yml
    )
    assert "      tls_secret_always: true\n" in fleet_yml
    assert "      enroll_secret_path: /etc/osquery/secret\n" in fleet_yml
    assert "    logger:\n      tls:\n        port: 443\n" in fleet_yml
    assert "    views:\n      auth_events: SELECT 1\n" in fleet_yml


def test_a_password_inside_a_url_is_not_copied(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    src = write_sources(
        {
            "g/osquery.conf": '{"options": {\n'
            '  "tls_hostname": "svc:S3cret-eight@fleet.example:8080",\n'
            '  "logger_tls_endpoint": "/log"\n}}\n'
        }
    )
    out = tmp_path / "out"
    done = fleet_import(src, "--out", out, "--format", "json")
    assert done.returncode == 0, done.stderr
    found = [
        (f["line"], f["column"], f["path"])
        for f in json.loads(done.stdout)
        if f["code"] == "import-secret"
    ]
    assert found == [(2, 19, "options.tls_hostname")]
    written = b"".join(tree(out).values()).decode()
    assert "S3cret-eight" not in written + done.stdout + done.stderr
    assert "logger_tls_endpoint: /log" in written
