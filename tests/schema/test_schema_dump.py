"""Dumping a local osqueryi's schema.

There is no osquery binary on this machine: these tests drive the ``fake_osqueryi``
fixture, a script that answers the exact commands fleet sends with output shaped
like osqueryi's --json output. They prove fleet asks the right questions and turns
the answers into the published format; they do not prove a real osqueryi answers so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fleet.errors import FleetError
from fleet.schema import dump_schema
from fleet.schema.dump import dump
from fleet.schema.load import parse_schema


def test_the_dump_is_in_the_published_format(fake_osqueryi: Path) -> None:
    tables = dump_schema(str(fake_osqueryi))
    assert [t["name"] for t in tables] == ["etc_hosts", "process_events", "processes"]
    assert tables[2] == {
        "name": "processes",
        "description": "",
        "url": "",
        "platforms": ["linux"],
        "evented": False,
        "cacheable": False,
        "notes": "",
        "examples": [],
        "columns": [
            {"name": "pid", "description": "", "type": "bigint", "notes": "",
             "hidden": False, "required": False, "index": True},
            {"name": "name", "description": "", "type": "text", "notes": "",
             "hidden": False, "required": False, "index": False},
            {"name": "resident_size", "description": "", "type": "unsigned_bigint",
             "notes": "", "hidden": False, "required": False, "index": False},
        ],
    }  # fmt: skip


def test_the_dump_loads_as_a_schema(fake_osqueryi: Path) -> None:
    result = dump(str(fake_osqueryi))
    assert (result.version, result.platform) == ("5.12.1", "linux")
    schema = parse_schema(result.tables, "dump", result.version)
    events = schema.tables["process_events"]
    assert events.evented and events.platforms == {"linux"}
    eid = events.column("eid")
    assert eid is not None and eid.hidden
    hosts = schema.table("hosts")  # the alias applies to dumped tables too
    assert hosts is not None and hosts.name == "etc_hosts"


def test_a_missing_osqueryi_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FleetError) as caught:
        dump_schema(str(tmp_path / "no-osqueryi"))
    assert caught.value.message == (
        "osqueryi not found; install osquery or use 'fleet schema fetch'"
    )


def test_an_osqueryi_that_fails_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "osqueryi"
    broken.write_text("#!/bin/sh\necho 'Error: database is locked' >&2\nexit 1\n")
    broken.chmod(0o755)
    with pytest.raises(FleetError) as caught:
        dump_schema(str(broken))
    assert caught.value.message == (
        f"{broken} failed on 'SELECT version, build_platform FROM osquery_info': "
        "Error: database is locked"
    )
