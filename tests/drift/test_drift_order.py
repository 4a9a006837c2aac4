"""Findings come in a reader's order: numbers inside pointers compare as numbers."""

from __future__ import annotations

from pathlib import Path

from tests.drift.conftest import drift_host

FLAGS = "etc/osquery/osquery.flags"


def test_flag_lines_are_listed_in_line_order(
    host_root: Path, servers_inventory: Path
) -> None:
    flags = host_root / FLAGS
    good = flags.read_text()
    flags.write_text(good + "".join(f"junk {n}\n" for n in range(12)))
    first = len(good.splitlines()) + 1
    code, host, err = drift_host(servers_inventory, host_root)
    assert code == 1, err
    pointers = [f["pointer"] for f in host["findings"] if f["code"] == "flag-line"]
    assert pointers == [f"line {n}" for n in range(first, first + 12)]
