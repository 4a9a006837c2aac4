"""What the Chef templates see: names, versions, package sources and paths per platform.

Everything here is data. Which text may reach Ruby or Markdown, and how, is the
templates' job: inventory text only ever passes through the ``ruby`` filter (a
single-quoted literal) or the Markdown ones (``md``, ``md_code``). This module
refuses what cannot make a safe cookbook (a name Chef will not take, a packs
directory whose clean-up would delete files it must not touch) before anything is
rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fleet import __version__
from fleet.compile.config import CompiledTarget, packs_dir
from fleet.errors import FleetError
from fleet.osquery.layout import LAYOUTS, packs_dir_problem
from fleet.render.base import RenderInput

# Target platforms in the order the cookbook branches on them.
ORDER = ("darwin", "windows", "linux")
# Chef platform families per osquery platform. Linux splits in two because the
# package format (deb or rpm) and the systemd environment file differ.
FAMILIES = {
    "darwin": ("mac_os_x",),
    "windows": ("windows",),
    "linux": ("debian", "rhel", "fedora"),
}
SUPPORTS = {
    "darwin": ("mac_os_x",),
    "windows": ("windows",),
    "linux": ("ubuntu", "debian", "fedora", "redhat", "centos", "rocky", "almalinux"),
}
HUMAN = {
    "darwin": "macOS",
    "windows": "Windows",
    "linux": "Debian/Ubuntu and RHEL/Fedora",
}
COOKBOOK_NAME = re.compile(r"[a-z][a-z0-9_]*")
PACKAGE_VERSION = re.compile(r"\d+(\.\d+){0,3}")
PACK_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
DARWIN_DAEMON = "/opt/osquery/lib/osquery.app/Contents/MacOS/osqueryd"
ENV_FILES = {"debian": "/etc/default/osqueryd", "rhel": "/etc/sysconfig/osqueryd"}


@dataclass(frozen=True, slots=True)
class Branch:
    """One ``when`` of the attribute file: the families it matches and its values."""

    families: tuple[str, ...]
    values: tuple[tuple[str, str], ...]


def cookbook_version(version: str) -> str:
    """The inventory version as the x.y.z a cookbook's metadata needs."""
    parts = version.split(".")
    if len(parts) > 3 or not all(p.isdigit() for p in parts):
        raise FleetError(
            f"inventory version '{version}' cannot version a cookbook",
            "Chef cookbook versions are x.y.z",
        )
    return ".".join(parts + ["0"] * (3 - len(parts)))


def checked_packs_dir(target_packs_dir: str, platform: str) -> str:
    """The packs directory on ``platform``, refused when its clean-up is unsafe.

    The recipe deletes every ``*.conf`` in it that is not a managed pack, in inline
    mode too, so it must be a directory of its own (fleet.osquery.layout's rule).
    """
    problem = packs_dir_problem(target_packs_dir, platform)
    if problem:
        raise FleetError(
            f"packs_dir '{target_packs_dir}' cannot be the packs directory of the Chef "
            f"cookbook: it {problem}, and the cookbook deletes every *.conf file in "
            "it that is not a managed pack",
            f"use a directory of its own, such as {LAYOUTS[platform].packs_dir}",
        )
    return target_packs_dir


def check_target(compiled: CompiledTarget) -> None:
    target = compiled.target
    deploy = target.deploy
    if not COOKBOOK_NAME.fullmatch(deploy.name):
        raise FleetError(
            f"'{deploy.name}' cannot name a Chef cookbook",
            "use lowercase letters, digits and '_', starting with a letter",
        )
    if not PACKAGE_VERSION.fullmatch(deploy.package_version):
        raise FleetError(
            f"target '{target.name}' is deployed with Chef but pins no osquery version",
            'set deploy: {package_version: "5.12.1"} (the cookbook never installs '
            "'latest')",
        )
    unknown = sorted(set(target.platforms) - set(ORDER))
    if unknown or not target.platforms:
        raise FleetError(
            f"target '{target.name}' has platforms Chef cannot deploy: "
            f"{', '.join(unknown) or 'none'}",
            "use darwin, windows, linux",
        )
    for platform in target.platforms:
        if f"osquery.{platform}.flags" not in compiled.files:
            raise FleetError(f"target '{target.name}' has no {platform} flag file")
    bad = sorted(name for name in compiled.packs if not PACK_FILE.fullmatch(name))
    if bad:
        raise FleetError(
            f"pack name '{bad[0]}' cannot name a cookbook file",
            "pack names use letters, digits, '_' and '-'",
        )
    if target.pack_mode == "external":
        _check_pack_paths(compiled)


def _check_pack_paths(compiled: CompiledTarget) -> None:
    """Every platform deploys each pack where osquery.conf references it (K21)."""
    referenced = compiled.config.get("packs")
    assert isinstance(referenced, dict)
    for platform in compiled.target.platforms:
        layout = LAYOUTS[platform]
        directory = packs_dir(compiled.target, platform)
        for name in sorted(compiled.packs):
            deployed = layout.separator.join((directory, f"{name}.conf"))
            if referenced.get(name) != deployed:
                raise FleetError(
                    f"osquery.conf references pack '{name}' at {referenced.get(name)}, "
                    f"but on {platform} the cookbook would deploy it to {deployed}",
                    "give the target one packs_dir that is absolute on every platform",
                )


def package_context(version: str) -> dict[str, str]:
    """Where osquery's own packages for ``version`` are published."""
    return {
        "version": version,
        "darwin_url": f"https://pkg.osquery.io/darwin/osquery-{version}.pkg",
        "windows_url": f"https://pkg.osquery.io/windows/osquery-{version}.msi",
        "deb_version": f"{version}-1.linux",
        "rpm_version": f"{version}-1.linux",
    }


def platform_paths(compiled: CompiledTarget, platform: str) -> dict[str, str]:
    """Attribute values for ``platform``, in the order the attribute file lists them."""
    target = compiled.target
    layout = LAYOUTS[platform]
    paths = {
        "config_dir": layout.config_dir,
        "config_path": layout.config_path,
        "flags_path": layout.flags_path,
        "packs_dir": checked_packs_dir(packs_dir(target, platform), platform),
    }
    if target.enroll_secret:
        paths["secret_path"] = layout.secret_path
    if platform == "darwin":
        paths["osqueryi"] = "/usr/local/bin/osqueryi"
        paths["osqueryd"] = DARWIN_DAEMON
    elif platform == "windows":
        paths["osqueryi"] = layout.join("osqueryi.exe")
    else:
        paths["osqueryi"] = "/usr/bin/osqueryi"
    return paths


def branches(compiled: CompiledTarget, platforms: list[str]) -> list[Branch]:
    out = []
    for platform in platforms:
        values = tuple(platform_paths(compiled, platform).items())
        if platform != "linux":
            out.append(Branch(FAMILIES[platform], values))
            continue
        out.append(
            Branch(("debian",), (*values, ("service_env_path", ENV_FILES["debian"])))
        )
        out.append(
            Branch(
                ("rhel", "fedora"), (*values, ("service_env_path", ENV_FILES["rhel"]))
            )
        )
    return out


def readme_rows(
    compiled: CompiledTarget,
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """(packs, queries) table rows for the README, as data: the template escapes."""
    packs: list[tuple[object, ...]] = []
    queries: list[tuple[object, ...]] = []
    for name, pack in sorted(compiled.packs.items()):
        members = pack["queries"]
        assert isinstance(members, dict)
        packs.append(
            (
                name,
                len(members),
                pack.get("platform", "all"),
                pack.get("description", ""),
            )
        )
        for query_name, query in sorted(members.items()):
            queries.append(
                (
                    name,
                    query_name,
                    query.get("interval", ""),
                    query.get("platform", ""),
                )
            )
    return packs, queries


def path_rows(compiled: CompiledTarget, platforms: list[str]) -> list[list[str]]:
    """The README's path attributes: a row per key, a column per platform (data:
    the template escapes)."""
    columns = {p: platform_paths(compiled, p) for p in platforms}
    if "linux" in columns:
        columns["linux"]["service_env_path"] = (
            f"{ENV_FILES['debian']} (Debian/Ubuntu), {ENV_FILES['rhel']} (RHEL/Fedora)"
        )
    keys = list(dict.fromkeys(key for p in platforms for key in columns[p]))
    return [[key, *(columns[p].get(key, "") for p in platforms)] for key in keys]


def cookbook_context(given: RenderInput) -> dict[str, object]:
    compiled = given.compiled
    check_target(compiled)
    target = compiled.target
    platforms = [p for p in ORDER if p in target.platforms]
    external = target.pack_mode == "external"
    pack_rows, query_rows = readme_rows(compiled)
    description = (
        target.description
        or f"Deploys osquery to the hosts of fleet target '{target.name}'"
    )
    return {
        "name": target.deploy.name,
        "maintainer": target.deploy.author,
        "description": description,
        "target": target.name,
        "version": cookbook_version(given.inventory.version),
        "inventory_version": given.inventory.version,
        "digest": given.digest,
        "config_hash": compiled.config_hash,
        "fleet_version": __version__,
        "platforms": platforms,
        "families": [f for p in platforms for f in FAMILIES[p]],
        "linux_families": list(FAMILIES["linux"]),
        "human": ", ".join(HUMAN[p] for p in platforms),
        "supports": [s for p in platforms for s in SUPPORTS[p]],
        "has_windows": "windows" in platforms,
        "has_posix": any(p != "windows" for p in platforms),
        "branches": branches(compiled, platforms),
        "path_rows": path_rows(compiled, platforms),
        "package": package_context(target.deploy.package_version),
        "secret": target.enroll_secret,
        "external": external,
        "packs": sorted(compiled.packs) if external else [],
        "pack_rows": pack_rows,
        "query_rows": query_rows,
    }
