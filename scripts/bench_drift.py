#!/usr/bin/env python3
"""Benchmark ``fleet drift``: 1,000 host directories and a 1,000-host results export.
Not a test: it prints the figures.

    python scripts/bench_drift.py [--hosts 1000] [--jobs 1,8,32] [--latency-ms 20]

- Directories: every host read and checked, one in ten tampered, with each --jobs
  value; then again with --latency-ms of sleep added to each read (standing in for
  a network round trip) to show the reads overlap.
- Results export: the same hosts reporting osquery_info, osquery_packs,
  osquery_schedule and osquery_flags; then an export where each host reports ten
  times over (ten times the lines). Peak traced memory stays flat: it follows the
  hosts, not the lines, because the export is streamed.

Time per host is wall time over hosts; peak memory is tracemalloc's peak for the
phase (Python allocations), and max RSS for the whole process at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fleet.cli.validate import load_and_validate
from fleet.compile.config import CompiledTarget
from fleet.drift import read
from fleet.drift.desired import desired_targets
from fleet.drift.model import Deployed, HostSpec
from fleet.drift.plan import DIRECTORY, SECRET, plan_for
from fleet.drift.read.base import PlanFor
from fleet.drift.read.directory import DirectoryReader
from fleet.drift.read.results import read_results
from fleet.drift.run import DriftOptions, run_drift

ROOT = """\
version: "1.0.0"
osquery_version: "5.12.1"
targets:
  servers:
    platforms: [linux]
    deploy: {tool: puppet, name: osquery_fleet, package_version: "5.12.1"}
    packs: ["*"]
    pack_mode: external
    enroll_secret: true
    options: {schedule_splay_percent: 10}
    flags: {config_plugin: filesystem, logger_plugin: filesystem}
"""


def write_inventory(directory: Path, packs: int = 10, queries: int = 20) -> Path:
    (directory / "packs/g").mkdir(parents=True)
    (directory / "fleet.yml").write_text(ROOT)
    (directory / "packs/g/README.md").write_text("# runbook\n")
    for p in range(packs):
        body = "".join(
            f"  q{q}:\n    query: SELECT pid, name FROM processes WHERE pid > {q}\n"
            f"    interval: {60 * (q + 1)}\n"
            for q in range(queries)
        )
        (directory / f"packs/g/pack{p}.yml").write_text("queries:\n" + body)
    return directory


def deploy(compiled: CompiledTarget, root: Path, tampered: bool) -> None:
    plan = plan_for(compiled, "linux")
    for managed in plan.files:
        path = root / managed.path.lstrip("/")
        if managed.role == DIRECTORY:
            path.mkdir(parents=True, exist_ok=True)
            os.chmod(path, 0o750)
    for managed in plan.files:
        path = root / managed.path.lstrip("/")
        if managed.role == SECRET:
            path.write_text("secret")
            os.chmod(path, 0o600)
        elif managed.role != DIRECTORY:
            data = compiled.files[managed.key]
            if tampered and managed.key == "packs/pack0.conf":
                data = data.replace(b'"interval": 60,', b'"interval": 61,')
            path.write_bytes(data)
            os.chmod(path, 0o640)


def write_export(path: Path, compiled: CompiledTarget, hosts: int, repeats: int) -> int:
    info = {
        "version": "5.12.1",
        "config_hash": compiled.config_hash,
        "config_valid": "1",
        "pid": "1",
        "uuid": "x",
    }
    packs = [{"name": n, "active": "1", "platform": ""} for n in compiled.packs]
    schedule = [
        {
            "name": f"pack_{p}_{q}",
            "query": body["query"],
            "interval": str(body["interval"]),
            "denylisted": "0",
            "executions": "7",
            "wall_time": "1",
        }
        for p, pack in compiled.packs.items()
        for q, body in pack["queries"].items()  # type: ignore[attr-defined]
    ]
    options = compiled.config.get("options", {})
    assert isinstance(options, dict)
    set_by_inventory = {
        **{
            str(k): str(v).lower() if isinstance(v, bool) else str(v)
            for k, v in options.items()
        },
        **dict(line[2:].split("=", 1) for line in compiled.flag_lines["linux"]),
    }
    flags = [
        {"name": name, "value": value, "default_value": ""}
        for name, value in sorted(set_by_inventory.items())
    ]
    with path.open("w", encoding="utf-8") as fh:
        for run in range(repeats):
            for h in range(hosts):
                for name, rows in (
                    ("info", [info]),
                    ("packs", packs),
                    ("schedule", schedule),
                    ("flags", flags),
                ):
                    fh.write(
                        json.dumps(
                            {
                                "name": f"fleet_{name}",
                                "hostIdentifier": f"host-{h:05d}",
                                "unixTime": 1000 + run,
                                "calendarTime": f"run {run}",
                                "action": "snapshot",
                                "snapshot": rows,
                            }
                        )
                        + "\n"
                    )
    return path.stat().st_size


class SlowReader(DirectoryReader):
    """The directory reader plus a fixed delay: a stand-in for network latency."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    def read(
        self, address: str, platforms: list[str], plan_for: PlanFor, timeout: float
    ) -> Deployed:
        time.sleep(self.delay)
        return super().read(address, platforms, plan_for, timeout)


def measure(work: Callable[[], object], traced: bool) -> tuple[float, float, object]:
    """Seconds (untraced run) or peak traced MiB (traced run), and the result."""
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    if traced:
        tracemalloc.stop()
    return seconds, peak, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--jobs", default="1,8,32")
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]

    with tempfile.TemporaryDirectory(prefix="bench-drift-") as tmp:
        base = Path(tmp)
        report = load_and_validate(write_inventory(base / "inv"), None)
        compiled = report.compiled["servers"]
        desired = desired_targets(report.inventory, report.compiled)
        print(
            f"inventory: {len(compiled.packs)} packs, "
            f"{sum(len(p['queries']) for p in compiled.packs.values())} queries, "  # type: ignore[arg-type]
            f"{len(compiled.files)} files per host"
        )

        start = time.perf_counter()
        hosts = []
        for h in range(args.hosts):
            root = base / "hosts" / f"host-{h:05d}"
            deploy(compiled, root, tampered=h % 10 == 0)
            hosts.append(HostSpec(root.name, str(root), "servers"))
        took = time.perf_counter() - start
        print(f"wrote {args.hosts} host directories in {took:.1f} s")

        rows = []
        for delay in (0.0, args.latency_ms / 1000):
            read.READERS[""] = SlowReader(delay) if delay else DirectoryReader()
            for j in jobs:

                def work(j: int = j) -> object:
                    return run_drift(
                        desired, hosts, None, DriftOptions(jobs=j, timeout=60)
                    )

                seconds, _, run = measure(work, traced=False)
                _, peak, _ = (
                    measure(work, traced=True) if j == jobs[-1] else (0, 0.0, 0)
                )
                results = run.results  # type: ignore[attr-defined]
                drift = sum(r.status == "drift" for r in results)
                busy = sum(r.seconds for r in results)
                rows.append(
                    (
                        f"directories, +{delay * 1000:.0f} ms",
                        j,
                        len(results),
                        seconds,
                        seconds / len(results) * 1000,
                        busy / seconds,
                        peak,
                        f"{drift} drift",
                    )
                )
                del run, results
        read.READERS[""] = DirectoryReader()

        for repeats in (1, 10):
            export = base / f"results-{repeats}.jsonl"
            size = write_export(export, compiled, args.hosts, repeats)

            def check(e: Path = export) -> object:
                return run_drift(
                    desired, [], read_results([e]), DriftOptions(target="servers")
                )

            seconds, _, run = measure(check, traced=False)
            _, peak, _ = measure(check, traced=True)
            results = run.results  # type: ignore[attr-defined]
            lines = sum(1 for _ in export.open(encoding="utf-8"))
            rows.append(
                (
                    f"results x{repeats} ({size / 2**20:.0f} MiB, {lines} lines)",
                    1,
                    len(results),
                    seconds,
                    seconds / len(results) * 1000,
                    1.0,
                    peak,
                    f"{sum(r.status == 'in-sync' for r in results)} in sync",
                )
            )
            del run, results
        export.unlink()

    print()
    print(
        "| source | jobs | hosts | wall s | ms/host | reads in flight (sum of host s "
        "/ wall s) | peak traced MiB | result |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |"
    )
    for source, j, n, seconds, per, overlap, peak, note in rows:
        shown = f"{peak:.1f}" if peak else "-"
        print(
            f"| {source} | {j} | {n} | {seconds:.2f} | {per:.2f} | {overlap:.1f} | "
            f"{shown} | {note} |"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmax RSS of the whole run: {rss:.0f} MiB; {os.cpu_count()} CPU(s)")


if __name__ == "__main__":
    main()
