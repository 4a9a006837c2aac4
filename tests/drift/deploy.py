"""Write a compiled target into a host root the way the renderers deploy it.

Directories 0750, files 0640, the enroll secret 0600, owned by whoever runs the
tests (root here and in CI), under the layout paths for the platform.
"""

from __future__ import annotations

import os
from pathlib import Path

from fleet.compile.config import CompiledTarget
from fleet.drift.plan import DIRECTORY, SECRET, plan_for
from fleet.drift.read.base import host_path

SECRET_VALUE = "Zk9x3Q7vT2pL8mN4rS6wY1bC5dE0fG"


def on_host(root: Path, path: str) -> Path:
    return Path(host_path(str(root), path))


def deploy(
    compiled: CompiledTarget,
    root: Path,
    platform: str = "linux",
    secret: str = SECRET_VALUE,
) -> Path:
    """Deploy ``compiled`` under ``root``; returns ``root``."""
    plan = plan_for(compiled, platform)
    for managed in plan.files:
        if managed.role == DIRECTORY:
            path = on_host(root, managed.path)
            path.mkdir(parents=True, exist_ok=True)
            os.chmod(path, 0o750)
    for managed in plan.files:
        path = on_host(root, managed.path)
        if managed.role == SECRET:
            path.write_text(secret, encoding="utf-8")
            os.chmod(path, 0o600)
        elif managed.role != DIRECTORY:
            path.write_bytes(compiled.files[managed.key])
            os.chmod(path, 0o640)
    return root
