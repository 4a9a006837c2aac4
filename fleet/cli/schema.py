"""``fleet schema fetch|dump|show``: get the osquery schema SQL is checked against."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, SCHEMA, guarded, set_debug
from fleet.console import print_error, print_result
from fleet.errors import ExitCode, FleetError
from fleet.load.inventory import load_inventory
from fleet.model import Inventory
from fleet.outdir import check_parent
from fleet.schema import fetch_schema, load_schema_file, resolve_schema
from fleet.schema.cache import SCHEMA_URL_ENV, write_atomic
from fleet.schema.dump import dump

schema_app = typer.Typer(
    name="schema",
    help="Get the osquery table schema that SQL is checked against.",
    no_args_is_help=True,
)


def fetch(
    version: str = typer.Argument(..., help="osquery version, such as 5.23.1."),
    url: str | None = typer.Option(
        None,
        "--url",
        help=f"Base URL of the published schema files (default: ${SCHEMA_URL_ENV}, "
        "else osquery's website repository).",
    ),
    debug: bool = DEBUG,
) -> int:
    """Download osquery's published schema for VERSION into the cache."""
    set_debug(debug)
    path = fetch_schema(version, url)
    tables = len(load_schema_file(path).tables)
    print_error(f"fetched the osquery {version} schema ({tables} tables) into {path}")
    return int(ExitCode.OK)


def dump_(
    osqueryi: str = typer.Option(
        "osqueryi", "--osqueryi", help="The osqueryi to ask (a name on PATH or a path)."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Write the JSON here (default: stdout; its directory must exist); name "
        "it after the version, such as 5.12.1-linux.json, so that the version shows.",
    ),
    debug: bool = DEBUG,
) -> int:
    """Dump the tables of a local osqueryi in osquery's published schema format."""
    set_debug(debug)
    if out is not None:
        check_parent(out)
    result = dump(osqueryi)
    text = json.dumps(result.tables, indent=2) + "\n"
    if out is None:
        print_result(text.rstrip("\n"))
    else:
        write_atomic(out, text.encode("utf-8"))
    print_error(
        f"dumped {len(result.tables)} tables of osquery {result.version} "
        f"({result.platform}; required columns are not visible to a dump)"
        + (f" into {out}" if out else "")
    )
    return int(ExitCode.OK)


def show(
    schema: str | None = SCHEMA,
    inventory: Path = INVENTORY,
    debug: bool = DEBUG,
) -> int:
    """Show which schema validation uses: its version, table count and source."""
    set_debug(debug)
    if schema:
        found = resolve_schema(schema, Inventory(root=inventory))
    else:
        found = resolve_schema(None, load_inventory(inventory))
    if found is None:
        raise FleetError(
            "no schema: SQL is checked for syntax only",
            "pass --schema FILE, set schema: in fleet.yml, or run "
            "'fleet schema fetch VERSION'",
        )
    print_result(f"version: {found.version}")
    print_result(f"tables: {len(found.tables)}")
    print_result(f"aliases: {len(found.aliases)}")
    print_result(f"source: {found.source}")
    return int(ExitCode.OK)


schema_app.command("fetch")(guarded(fetch))
schema_app.command("dump")(guarded(dump_))
schema_app.command("show")(guarded(show))
