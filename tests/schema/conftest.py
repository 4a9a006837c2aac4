"""Schema test fixtures: a private cache, a local HTTP server, a fake osqueryi."""

from __future__ import annotations

import shutil
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from fleet.schema import Schema, load_schema_file
from tests.conftest import SCHEMA_FILE


@pytest.fixture(scope="session")
def schema() -> Schema:
    return load_schema_file(SCHEMA_FILE)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh schema cache for the test: FLEET_CACHE_DIR points into tmp_path."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("FLEET_CACHE_DIR", str(directory))
    monkeypatch.delenv("FLEET_SCHEMA_URL", raising=False)
    return directory


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def schema_site(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving published-schema files; its base URL.

    ``5.23.1.json`` is a copy of the shared schema made now; ``6.0.0.json`` is cut
    off half-way (a corrupt download) and ``7.0.0.json`` is JSON of the wrong shape.
    Any other version answers 404.
    """
    site = tmp_path / "site"
    site.mkdir()
    shutil.copyfile(SCHEMA_FILE, site / "5.23.1.json")
    whole = SCHEMA_FILE.read_bytes()
    (site / "6.0.0.json").write_bytes(whole[: len(whole) // 2])
    (site / "7.0.0.json").write_text('{"tables": []}', encoding="utf-8")
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# What the fake osqueryi answers, keyed by the exact SQL fleet sends. Every value is
# a string because osqueryi --json writes every value as one; the PRAGMA rows carry
# the seven columns SQLite documents for table_xinfo.
_FAKE_OSQUERYI = """\
import json, sys

def columns(*rows):
    keys = ("cid", "name", "type", "notnull", "dflt_value", "pk", "hidden")
    return [dict(zip(keys, (str(i), *row))) for i, row in enumerate(rows)]

ANSWERS = {
    "SELECT version, build_platform FROM osquery_info":
        [{"build_platform": "linux", "version": "5.12.1"}],
    "SELECT name FROM osquery_registry WHERE registry = 'table' AND active = 1 "
    "ORDER BY name":
        [{"name": "etc_hosts"}, {"name": "process_events"}, {"name": "processes"}],
    "SELECT name FROM osquery_events WHERE type = 'subscriber'":
        [{"name": "process_events"}, {"name": "socket_events"}],
    "PRAGMA table_xinfo(etc_hosts)": columns(
        ("address", "TEXT", "0", "", "0", "0"),
        ("hostnames", "TEXT", "0", "", "0", "0"),
        ("pid_with_namespace", "INTEGER", "0", "", "0", "1"),
    ),
    "PRAGMA table_xinfo(process_events)": columns(
        ("pid", "BIGINT", "0", "", "0", "0"),
        ("path", "TEXT", "0", "", "0", "0"),
        ("time", "BIGINT", "0", "", "0", "0"),
        ("eid", "TEXT", "0", "", "0", "1"),
    ),
    "PRAGMA table_xinfo(processes)": columns(
        ("pid", "BIGINT", "1", "", "1", "0"),
        ("name", "TEXT", "0", "", "0", "0"),
        ("resident_size", "UNSIGNED BIGINT", "0", "", "0", "0"),
    ),
}

args = sys.argv[1:]
if len(args) != 2 or args[0] != "--json" or args[1] not in ANSWERS:
    print("Error: unexpected arguments " + repr(args), file=sys.stderr)
    sys.exit(1)
print(json.dumps(ANSWERS[args[1]], indent=2))
"""


@pytest.fixture
def fake_osqueryi(tmp_path: Path) -> Path:
    """A stand-in for osqueryi: this machine has no osquery binary.

    It answers exactly the commands ``fleet schema dump`` sends with output shaped
    like osqueryi's --json output, and fails on anything else. The shape is modelled
    on osquery's documentation and SQLite's PRAGMA table_xinfo, not recorded from a
    real osqueryi, so the dump is only as right as that model.
    """
    script = tmp_path / "bin" / "osqueryi"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\n{_FAKE_OSQUERYI}", encoding="utf-8")
    script.chmod(0o755)
    return script
