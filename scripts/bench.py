#!/usr/bin/env python3
"""Benchmark: load, validate (with the schema) and compile inventories of 1k, 10k, 50k
queries, against the floor of parsing the same YAML with libyaml and writing the same
JSON. Not a test: it prints a table for the README.

    python scripts/bench.py --schema ../shared/osquery-schema/5.23.1.json \
        [--sizes 1000,10000]

Each size runs in its own process so peak memory (max RSS) is that size's alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES_PER_PACK = 50
GROUPS = ("persistence", "execution", "discovery", "collection", "inventory")


def realistic_sql(rng: random.Random, tables: list[dict], i: int) -> tuple[str, str]:
    """A query over a real table: selected columns, a filter, sometimes a JOIN."""
    table = rng.choice(tables)
    columns = [c["name"] for c in table["columns"] if not c.get("hidden")]
    picked = rng.sample(columns, k=min(len(columns), rng.randint(2, 5)))
    text_cols = [
        c["name"]
        for c in table["columns"]
        if c["type"] == "text" and not c.get("hidden")
    ] or columns
    shape = rng.randrange(3)
    alias = "t"
    # Quoted: some osquery columns are SQL keywords (`set`, `default`).
    select = ", ".join(f'{alias}."{c}"' for c in picked)
    if shape == 0:
        sql = (
            f"SELECT {select}\nFROM {table['name']} {alias}\n"
            f"WHERE {alias}.\"{rng.choice(text_cols)}\" LIKE '%bench{i}%'"
        )
    elif shape == 1:
        sql = (
            f"SELECT {select}, COUNT(*) AS n\nFROM {table['name']} {alias}\n"
            f"WHERE {alias}.\"{rng.choice(text_cols)}\" NOT IN ('a{i}', 'b{i}')\n"
            f'GROUP BY {alias}."{picked[0]}"'
        )
    else:
        sql = (
            f"SELECT {select}, p.name AS process\nFROM {table['name']} {alias}\n"
            f"JOIN processes p ON p.pid = {i % 997}\n"
            f"WHERE {alias}.\"{rng.choice(text_cols)}\" != ''"
        )
    platforms = set(table["platforms"])
    plat = (
        "all"
        if platforms >= {"darwin", "linux", "windows"}
        else ",".join(sorted(platforms))
    )
    return sql, plat


def generate(root: Path, size: int, schema_file: Path) -> None:
    schema = json.loads(schema_file.read_text())
    tables = [
        t
        for t in schema
        if not any(c.get("required") for c in t["columns"])
        and not t.get("evented")
        and t["name"] != "processes"
        and set(t["platforms"]) & {"darwin", "linux", "windows"}
        and len([c for c in t["columns"] if not c.get("hidden")]) >= 2
    ]
    rng = random.Random(size)
    # Thousands of queries exceed osquery's 1 MiB config limit inline, so both
    # targets reference their packs as files, as a fleet this size would.
    (root / "fleet.yml").write_text(
        'version: "1.0.0"\nosquery_version: "5.12.1"\n'
        "defaults: {interval: 3600, removed: true}\n"
        "targets:\n"
        "  laptops:\n    platforms: [darwin, linux]\n    packs: ['*']\n"
        "    pack_mode: external\n    packs_dir: /opt/osquery/packs\n"
        "  servers:\n    platforms: [linux]\n    packs: ['group:inventory', "
        "'group:persistence']\n    pack_mode: external\n"
        "    packs_dir: /etc/osquery/packs\n"
    )
    for p in range(size // QUERIES_PER_PACK):
        group = GROUPS[p % len(GROUPS)]
        lines = [f"description: Generated pack {p}", "tags: [bench]", "queries:"]
        for q in range(QUERIES_PER_PACK):
            i = p * QUERIES_PER_PACK + q
            sql, plat = realistic_sql(rng, tables, i)
            lines += [
                f"  q{i}:",
                "    query: |",
                *("      " + line for line in sql.splitlines()),
                f"    interval: {rng.choice((300, 900, 3600, 86400))}",
                f"    platform: {plat}",
                f"    description: Generated query {i} looks for suspicious state",
                "    severity: medium",
                "    attack: {tactics: [TA0003], techniques: [T1543.002]}",
                "    tags: [bench]",
            ]
        pack = root / "packs" / group / f"pack{p}.yml"
        pack.parent.mkdir(parents=True, exist_ok=True)
        pack.write_text("\n".join(lines) + "\n")
    for group in GROUPS:
        (root / "packs" / group / "README.md").write_text("# bench\n")


def measure(root: Path, schema_file: Path) -> dict[str, float]:
    """Runs in the child process: times each stage and the floor."""
    import yaml

    from fleet.compile.config import compile_inventory
    from fleet.compile.output import build_files
    from fleet.load.inventory import load_inventory
    from fleet.load.yamlparse import gc_paused
    from fleet.outdir import write_tree
    from fleet.schema import load_schema_file
    from fleet.validate.run import validate_inventory

    # As the CLI does (fleet.cli.validate.load_and_validate): collector paused.
    with gc_paused():
        t0 = time.perf_counter()
        inventory = load_inventory(root)
        t1 = time.perf_counter()
        schema = load_schema_file(schema_file)
        t2 = time.perf_counter()
        compiled = compile_inventory(inventory)
        t3 = time.perf_counter()
        report = validate_inventory(inventory, schema, compiled)
        t4 = time.perf_counter()
        with tempfile.TemporaryDirectory() as out:
            write_tree(Path(out) / "build", build_files(inventory, compiled))
        t5 = time.perf_counter()

    # The floor: libyaml parses the same files, json writes the same data.
    f0 = time.perf_counter()
    docs = {
        p: yaml.load(p.read_text(), Loader=yaml.CSafeLoader)
        for p in sorted(root.rglob("*.yml"))
    }
    f1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        for i, doc in enumerate(docs.values()):
            Path(out, f"{i}.json").write_text(json.dumps(doc, sort_keys=True, indent=2))
    f2 = time.perf_counter()
    errors = sum(1 for f in report.findings if f.severity.value == "error")
    return {
        "load": t1 - t0,
        "schema": t2 - t1,
        "validate": t4 - t3,
        "compile": (t3 - t2) + (t5 - t4),
        "floor_parse": f1 - f0,
        "floor_write": f2 - f1,
        "errors": errors,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schema", type=Path, required=True)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.schema)))
        return 0

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
    print(
        "| queries | load s | validate s | compile s | total s | floor s | x floor "
        "| peak MB | errors |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            generate(root, size, args.schema)
            result = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--schema",
                    str(args.schema),
                    "--child",
                    str(root),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
        r = json.loads(result.stdout)
        total = r["load"] + r["validate"] + r["compile"]
        floor = r["floor_parse"] + r["floor_write"]
        print(
            f"| {size:,} | {r['load']:.2f} | {r['validate']:.2f} | {r['compile']:.2f} "
            f"| {total:.2f} | {floor:.2f} | {total / floor:.2f} "
            f"| {r['max_rss_mb']:.0f} | {r['errors']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
