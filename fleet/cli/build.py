"""``fleet build``: validate, compile and render every target, or check it is fresh."""

from __future__ import annotations

from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, SCHEMA, set_debug
from fleet.cli.compile import STRICT, writable_or_none
from fleet.cli.render import TEMPLATES
from fleet.compile.output import build_files
from fleet.console import print_error, print_result
from fleet.errors import ExitCode
from fleet.outdir import check_distinct, check_outputs, read_tree, write_tree
from fleet.render.run import render_tool, targets_for

# The kind of output (fleet.outdir.KINDS) each option's directory holds.
KINDS = {"--out": "compile", "--chef-out": "chef", "--puppet-out": "puppet"}


def build(
    inventory: Path = INVENTORY,
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Compile output (its parent must exist); default: <inventory>/build.",
    ),
    chef_out: Path | None = typer.Option(None, help="Default: <inventory>/chef."),
    puppet_out: Path | None = typer.Option(None, help="Default: <inventory>/puppet."),
    templates: Path | None = TEMPLATES,
    schema: str | None = SCHEMA,
    strict: bool = STRICT,
    check: bool = typer.Option(
        False, "--check", help="Write nothing; exit 1 if chef/ or puppet/ is stale."
    ),
    debug: bool = DEBUG,
) -> int:
    """Validate, compile into build/, render chef/ and puppet/ (or --check them).

    The three output directories must be distinct, none inside another; every one
    is checked before any is written.
    """
    set_debug(debug)
    report = writable_or_none(inventory, schema, strict)
    if report is None:
        return int(ExitCode.PROBLEMS)
    root = report.inventory.root
    paths = {"--out": out or root / "build"}
    for tool, given in (("chef", chef_out), ("puppet", puppet_out)):
        if targets_for(report.inventory, tool):
            paths[f"--{tool}-out"] = given or root / tool
    if check:
        del paths["--out"]
        check_distinct(paths)
    else:
        check_outputs(paths, keep=root, kinds=KINDS)

    outputs: dict[Path, tuple[str, dict[str, bytes]]] = {}
    if not check:
        files = build_files(report.inventory, report.compiled)
        outputs[paths["--out"]] = ("compile", files)
    for tool in ("chef", "puppet"):
        if f"--{tool}-out" in paths:
            outputs[paths[f"--{tool}-out"]] = (
                tool,
                render_tool(report.inventory, report.compiled, tool, templates),
            )
    if check:
        return _check({d: files for d, (_, files) in outputs.items()})
    for directory, (kind, files) in outputs.items():
        write_tree(directory, files, keep=root, kind=kind)
        print_error(f"wrote {len(files)} file(s) into {directory}")
    return int(ExitCode.OK)


def _check(outputs: dict[Path, dict[str, bytes]]) -> int:
    stale = []
    for directory, files in outputs.items():
        present = read_tree(directory) if directory.is_dir() else {}
        for path in sorted(set(files) | set(present)):
            if files.get(path) != present.get(path):
                state = (
                    "missing"
                    if path not in present
                    else ("unexpected" if path not in files else "differs")
                )
                stale.append(f"{directory / path}: {state}")
    for line in stale:
        print_result(line)
    if stale:
        print_error(f"{len(stale)} rendered file(s) are stale; run 'fleet build'")
        return int(ExitCode.PROBLEMS)
    print_error("rendered files are up to date")
    return int(ExitCode.OK)
