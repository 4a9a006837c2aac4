"""Read every host in parallel, with a bound and a timeout per host, and check each.

Reads run on a ``ThreadPoolExecutor`` of ``jobs`` workers. Each read runs in its own
daemon thread that the worker waits for at most ``timeout`` seconds: a host that
hangs becomes an error for that host and frees its worker (its connection is
dropped when the process exits). Hosts known only from a results export are checked
against osquery's view alone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from fleet.console import progress
from fleet.drift.desired import Desired
from fleet.drift.model import (
    Deployed,
    HostResult,
    HostSpec,
    HostUnreadable,
    OsqueryView,
)
from fleet.drift.plan import DIRECTORY, ReadPlan, candidate_platforms, plan_for
from fleet.drift.read import reader_for, scheme_of
from fleet.drift.read.results import ResultsExport
from fleet.drift.rules import check_host


@dataclass(slots=True)
class DriftOptions:
    jobs: int = 8
    timeout: float = 60.0
    target: str | None = None  # the target of results-export hosts not named otherwise


@dataclass(slots=True)
class DriftRun:
    results: list[HostResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def call_with_timeout(work: Callable[[], Deployed], timeout: float) -> Deployed:
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the waiting worker
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name="fleet-drift-read")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise HostUnreadable(f"timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def _ensure_files(plan: ReadPlan, deployed: Deployed) -> None:
    present = [
        m
        for m in plan.files
        if m.role != DIRECTORY
        and deployed.files.get(m.path) is not None
        and deployed.files[m.path].exists
    ]
    if deployed.files_read and not present:
        raise HostUnreadable(
            f"no osquery files on the host: {plan.files[0].path} is missing",
            "osquery is not deployed there, or the address or root= is wrong",
        )


def check_address(host: HostSpec, desired: Desired, timeout: float) -> HostResult:
    """Read one host by its address and run every rule."""
    start = time.monotonic()
    result = HostResult(
        host, host.platform or "", scheme_of(host.address) or "directory"
    )
    plans: dict[str, ReadPlan] = {}

    def plan(platform: str) -> ReadPlan:
        return plans.setdefault(platform, plan_for(desired.compiled, platform))

    try:
        reader = reader_for(host.address)
        result.source = reader.name
        platforms = candidate_platforms(desired.compiled, host.platform)
        deployed = call_with_timeout(
            lambda: reader.read(host.address, platforms, plan, timeout), timeout
        )
        result.platform = deployed.platform
        _ensure_files(plan(deployed.platform), deployed)
        result.findings = check_host(desired, plan(deployed.platform), deployed)
    except HostUnreadable as exc:
        result.error = str(exc)
    except Exception as exc:  # one host's surprise must not hide the others
        result.error = f"cannot read: {type(exc).__name__}: {exc}"
    result.seconds = time.monotonic() - start
    return result


def _platform(view: OsqueryView, desired: Desired, given: str | None) -> str:
    if given:
        return given
    build = (view.info or {}).get("build_platform", "")
    for platform in ("darwin", "windows"):
        if platform in build:
            return platform
    platforms = candidate_platforms(desired.compiled, None)
    return "linux" if build or "linux" in platforms else platforms[0]


def check_view_only(host: HostSpec, desired: Desired, view: OsqueryView) -> HostResult:
    start = time.monotonic()
    platform = _platform(view, desired, host.platform)
    deployed = Deployed(platform, osquery=view, files_read=False)
    findings = check_host(desired, plan_for(desired.compiled, platform), deployed)
    return HostResult(
        host, platform, "results", findings, seconds=time.monotonic() - start
    )


def results_hosts(
    export: ResultsExport,
    named: dict[str, HostSpec],
    desired: dict[str, Desired],
    options: DriftOptions,
) -> list[tuple[HostSpec, OsqueryView | None]]:
    """Each host of the export with its target: the hosts file, --target, the only
    target, or the target whose compiled config_hash the host reports."""
    by_hash = {d.compiled.config_hash: name for name, d in desired.items()}
    out: list[tuple[HostSpec, OsqueryView | None]] = []
    for name in sorted(export.views):
        view = export.views[name]
        if name in named:
            out.append((named[name], view))
            continue
        target = options.target or (next(iter(desired)) if len(desired) == 1 else None)
        target = target or by_hash.get((view.info or {}).get("config_hash", ""))
        out.append((HostSpec(name, "", target or "", None, "results"), view))
    out += [(h, None) for n, h in sorted(named.items()) if n not in export.views]
    return out


def run_drift(
    desired: dict[str, Desired],
    hosts: list[HostSpec],
    export: ResultsExport | None,
    options: DriftOptions,
) -> DriftRun:
    run = DriftRun()
    addressed = [h for h in hosts if h.address]
    named = {h.name: h for h in hosts if not h.address}
    viewed = (
        results_hosts(export, named, desired, options)
        if export
        else [(h, None) for h in named.values()]
    )
    if options.target:
        addressed = [h for h in addressed if h.target == options.target]
        viewed = [(h, v) for h, v in viewed if h.target == options.target]

    for host, view in viewed:
        if not host.target:
            run.results.append(
                HostResult(
                    host,
                    source="results",
                    error=(
                        "cannot tell the host's target: name it in the hosts file "
                        "or pass --target"
                    ),
                )
            )
        elif view is None:
            run.results.append(
                HostResult(
                    host,
                    host.platform or "",
                    "results",
                    error="not in the results export",
                )
            )
        else:
            run.results.append(check_view_only(host, desired[host.target], view))

    with (
        progress(len(addressed), "reading hosts") as advance,
        ThreadPoolExecutor(
            max_workers=max(1, options.jobs), thread_name_prefix="fleet-drift"
        ) as pool,
    ):
        futures = [
            pool.submit(check_address, h, desired[h.target], options.timeout)
            for h in addressed
        ]
        for future in as_completed(futures):
            run.results.append(future.result())
            advance()
    run.results.sort(key=lambda r: (r.host.target, r.host.name))
    return run
