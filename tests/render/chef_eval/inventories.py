"""Test inventories for the Chef cookbook, full of text that must stay data.

Each value mixes what breaks generated code: quotes, backslashes, Ruby and shell
interpolation, ERB tags, a newline and non-ASCII text. They are written with
``yaml.safe_dump`` so the inventory holds exactly these strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HOSTILE = "it's \\ #{system('x')} ${x} <%= x %> %{path}\nnext line: Überwachung ✓"
HOSTILE_PATH = "it's #{system('x')} ${x} <%= x %> %{path} \\ ü"


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


PACKS: dict[str, dict[str, Any]] = {
    "packs/persistence/web.yml": {
        "description": HOSTILE,
        "queries": {
            "procs": {
                "query": "SELECT pid, name FROM processes WHERE name = "
                + sql_literal(HOSTILE),
                "interval": 300,
                "description": HOSTILE,
            },
        },
    },
    "packs/persistence/db-audit.yml": {
        "platform": "posix",
        "queries": {
            "listening": {
                "query": "SELECT pid, port FROM listening_ports",
                "interval": 600,
            },
        },
    },
}

TARGETS: dict[str, dict[str, Any]] = {
    # Every platform, packs inside osquery.conf, an enroll secret.
    "inline": {
        "description": HOSTILE,
        "platforms": ["darwin", "windows", "linux"],
        "deploy": {
            "tool": "chef",
            "name": "osquery_fleet",
            "package_version": "5.12.1",
        },
        "packs": ["*"],
        "enroll_secret": True,
        "options": {"schedule_splay_percent": 10},
        "flags": {
            "config_plugin": "filesystem",
            "tls_hostname": "fleet.example.internal",
        },
        "decorators": {"load": [f"SELECT {sql_literal(HOSTILE)} AS tag"]},
        "file_paths": {"odd": [f"/tmp/{HOSTILE_PATH}/%%"]},
    },
    # macOS and Linux, one file per pack in a directory whose name is hostile.
    "external_posix": {
        "description": HOSTILE,
        "platforms": ["darwin", "linux"],
        "deploy": {
            "tool": "chef",
            "name": "osquery_fleet",
            "package_version": "5.12.1",
        },
        "packs": ["*"],
        "pack_mode": "external",
        "packs_dir": f"/opt/fleet/{HOSTILE_PATH}/packs",
        "enroll_secret": True,
    },
    # Windows only, external packs under a backslash path, no enroll secret.
    "external_windows": {
        "platforms": ["windows"],
        "deploy": {
            "tool": "chef",
            "name": "laptop_osquery",
            "package_version": "5.12.1",
        },
        "packs": ["*"],
        "pack_mode": "external",
        "packs_dir": f"C:\\fleet\\{HOSTILE_PATH}\\packs",
    },
}
# The Fauxhai nodes each scenario is evaluated on (harness.NODES keys).
PLATFORMS = {
    "inline": ("darwin", "windows", "linux", "rhel"),
    "external_posix": ("darwin", "linux"),
    "external_windows": ("windows",),
}


def write_inventory(
    root: Path, scenario: str, target: dict[str, Any] | None = None
) -> Path:
    """An inventory directory holding the scenario's single (chef) target."""
    root.mkdir(parents=True, exist_ok=True)
    document = {
        "version": "1.4.0",
        "osquery_version": "5.12.1",
        "targets": {"laptops": target if target is not None else TARGETS[scenario]},
    }
    dump = {"allow_unicode": True, "sort_keys": False, "default_flow_style": False}
    (root / "fleet.yml").write_text(yaml.safe_dump(document, **dump), encoding="utf-8")
    for rel, pack in PACKS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(pack, **dump), encoding="utf-8")
        (path.parent / "README.md").write_text("# runbook\n", encoding="utf-8")
    return root
