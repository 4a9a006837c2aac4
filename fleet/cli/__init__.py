"""The ``fleet`` command line: wires each command to its library function.

Each command lives in its own module and returns an exit code; ``main`` turns a
FleetError into one clear message (no traceback unless --debug).
"""

from __future__ import annotations

import os

import typer

from fleet import __version__
from fleet.cli import build as build_cmd
from fleet.cli import compile as compile_cmd
from fleet.cli import diff as diff_cmd
from fleet.cli import drift as drift_cmd
from fleet.cli import import_ as import_cmd
from fleet.cli import render as render_cmd
from fleet.cli import validate as validate_cmd
from fleet.cli.common import DEBUG_ENV, guarded
from fleet.cli.schema import schema_app
from fleet.console import setup_logging

app = typer.Typer(
    name="fleet",
    help="Manage an osquery fleet's queries as code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fleet {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Validate, compile, render, import, drift-check and diff an osquery inventory."""


app.command("validate")(guarded(validate_cmd.validate))
app.command("compile")(guarded(compile_cmd.compile_))
app.command("render")(guarded(render_cmd.render))
app.command("build")(guarded(build_cmd.build))
app.command("diff")(guarded(diff_cmd.diff))
app.command("drift")(guarded(drift_cmd.drift))
app.command("import")(guarded(import_cmd.import_))
app.add_typer(schema_app, name="schema")


def main() -> None:
    setup_logging(bool(os.environ.get(DEBUG_ENV)))
    app()
