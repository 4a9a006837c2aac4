"""Managed paths: present, of the right kind, owned by root, no more open than
deployed; and no pack file in a packs directory that nobody manages (K24)."""

from __future__ import annotations

from collections.abc import Iterator

from fleet.drift.codes import finding
from fleet.drift.model import Deployed, DriftFinding, FileState
from fleet.drift.plan import DIRECTORY, PACK, SECRET, Managed, ReadPlan
from fleet.osquery.layout import LAYOUTS

RESTART = (
    "osquery reloads an external pack file only when osquery.conf changes or osqueryd "
    "restarts (config_hash does not cover pack files): restart osqueryd after fixing it"
)
MAX_MODE = {SECRET: 0o600, DIRECTORY: 0o750}
DEFAULT_MAX_MODE = 0o640
GROUP = {"linux": "root", "darwin": "wheel"}
KIND_WORDS = {
    "file": "regular file",
    "dir": "directory",
    "other": "symlink or special file",
}


def _mode_words(extra: int) -> str:
    words = []
    if extra & 0o007:
        words.append("open to everyone")
    if extra & 0o070:
        words.append("open to the group")
    if extra & 0o7000:
        words.append("with setuid/setgid/sticky bits")
    if extra & 0o100:
        words.append("executable")
    return ", ".join(words) or "more permissive"


def _what(managed: Managed) -> str:
    names = {
        "config": "config",
        "flags": "flag file",
        "pack": "pack file",
        "secret": "enroll secret",
        "directory": "directory",
    }
    return names[managed.role]


def check_path(
    managed: Managed, state: FileState, platform: str
) -> Iterator[DriftFinding]:
    path, what = managed.path, _what(managed)
    if state.kind == "unknown":
        return  # could not be stat'ed: a read-incomplete finding says so
    if not state.exists:
        yield finding(
            "file-missing",
            "file",
            path,
            f"{what} {path} is missing",
            file=path,
            hint=RESTART if managed.role == PACK else "",
        )
        return
    want = "dir" if managed.role == DIRECTORY else "file"
    if state.kind != want:
        yield finding(
            "file-not-regular",
            "file",
            path,
            f"{path} is a {KIND_WORDS[state.kind]}, not a {KIND_WORDS[want]}",
            file=path,
            desired=want,
            deployed=state.kind,
        )
        return
    if platform not in GROUP or (state.mode is None and not state.owner):
        return  # Windows ACLs are not read; unknown metadata is read-incomplete
    if state.owner != "root":
        yield finding(
            "file-owner",
            "file",
            path,
            f"{what} {path} is owned by {state.owner}, not root",
            file=path,
            desired="root",
            deployed=state.owner,
        )
    if state.group != GROUP[platform]:
        yield finding(
            "file-group",
            "file",
            path,
            f"{what} {path} has group {state.group}, not {GROUP[platform]}",
            file=path,
            desired=GROUP[platform],
            deployed=state.group,
        )
    allowed = MAX_MODE.get(managed.role, DEFAULT_MAX_MODE)
    if state.mode is not None and state.mode & ~allowed:
        yield finding(
            "file-mode",
            "file",
            path,
            f"{what} {path} has mode {state.mode:04o}, "
            f"{_mode_words(state.mode & ~allowed)} (deployed: {allowed:04o} or "
            "stricter)",
            file=path,
            desired=f"{allowed:04o}",
            deployed=f"{state.mode:04o}",
        )


def check_files(plan: ReadPlan, deployed: Deployed) -> Iterator[DriftFinding]:
    for managed in plan.files:
        state = deployed.files.get(managed.path, FileState(managed.path, "missing"))
        yield from check_path(managed, state, plan.platform)

    separator = LAYOUTS[plan.platform].separator
    for directory in plan.listings:
        entries = deployed.listings.get(directory)
        if entries is None:
            continue  # the directory itself is reported missing
        deployed_here = {
            m.path.rpartition(separator)[2]
            for m in plan.files
            if m.role == PACK and m.path.rpartition(separator)[0] == directory
        }
        for name in entries:
            if name not in deployed_here:
                path = f"{directory}{separator}{name}"
                yield finding(
                    "pack-file-unexpected",
                    "pack file",
                    path,
                    f"unexpected pack file {name} in {directory}",
                    file=path,
                    deployed=name,
                    hint="the inventory does not deploy it; a glob or a leftover "
                    "reference in osquery.conf keeps loading it: remove it",
                )
