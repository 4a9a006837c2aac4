"""What a correct evaluation of a rendered cookbook shows, for one Fauxhai node.

``check_deployment`` asserts, from the evaluator's JSON: the run list, metadata and
attributes; exactly the files the cookbook deploys, with the compiled bytes; owners,
modes or ACLs; ``sensitive``; ``verify``; that every osquery file notifies a delayed
restart of the service resource, which exists; the clean-up of unmanaged packs; the
pinned package; the service; and the order (packs before osquery.conf, service last).
"""

from __future__ import annotations

import base64
from typing import Any

from fleet.compile.config import packs_dir
from fleet.osquery.layout import LAYOUTS
from fleet.render.chef_context import DARWIN_DAEMON, cookbook_version, package_context
from tests.render.chef_eval.harness import Rendered

# Fauxhai node (harness.NODES key) -> osquery platform.
OSQUERY_PLATFORM = {
    "darwin": "darwin",
    "windows": "windows",
    "linux": "linux",
    "rhel": "linux",
}
SERVICE = {
    "darwin": "launchd[io.osquery.agent]",
    "windows": "windows_service[osqueryd]",
    "linux": "service[osqueryd]",
    "rhel": "service[osqueryd]",
}
ENV_FILE = {"linux": "/etc/default/osqueryd", "rhel": "/etc/sysconfig/osqueryd"}
ROOT_GROUP = {"darwin": "wheel", "linux": "root", "rhel": "root"}
CLEANUP = "ruby_block[delete the osquery packs this cookbook does not manage]"
WINDOWS_ACL = [
    {
        "permissions": "full_control",
        "principals": ["Administrators", "SYSTEM"],
        "options": {},
    }
]
CHECKSUMS = {"darwin": "0" * 64, "windows": "1" * 64}
# The enroll secret given at converge time: it must arrive byte for byte.
SECRET = "s3cr3t'#{system('x')}\\ ü"


def node_attributes(name: str, **switches: object) -> dict[str, Any]:
    """Override-level attributes: the checksums and secret a team would set."""
    values: dict[str, Any] = {
        "enroll_secret": SECRET,
        "package": {p: {"checksum": c} for p, c in CHECKSUMS.items()},
    }
    values.update(switches)
    return {name: values}


def ident(resource: dict[str, Any]) -> str:
    return f"{resource['type']}[{resource['name']}]"


def content(resource: dict[str, Any]) -> bytes:
    return base64.b64decode(resource["content_b64"])


def expected_files(rendered: Rendered, node: str) -> dict[str, bytes | None]:
    """Resource id -> the bytes it must deploy (None: checked separately)."""
    platform = OSQUERY_PLATFORM[node]
    layout = LAYOUTS[platform]
    compiled = rendered.compiled
    target = compiled.target
    files: dict[str, bytes | None] = {
        f"cookbook_file[{layout.config_path}]": compiled.files["osquery.conf"],
        f"cookbook_file[{layout.flags_path}]": compiled.files[
            f"osquery.{platform}.flags"
        ],
    }
    if target.pack_mode == "external":
        referenced = compiled.config["packs"]
        assert isinstance(referenced, dict)
        for pack in sorted(compiled.packs):
            path = layout.pack_path(pack, packs_dir(target, platform))
            assert referenced[pack] == path, "deployed where osquery.conf looks for it"
            files[f"cookbook_file[{path}]"] = compiled.files[f"packs/{pack}.conf"]
    if target.enroll_secret:
        files[f"file[{layout.secret_path}]"] = SECRET.encode()
    if node in ENV_FILE:
        files[f"template[{ENV_FILE[node]}]"] = None
    return files


def check_permissions(resource: dict[str, Any], node: str, mode: str) -> None:
    props = resource["properties"]
    if node == "windows":
        assert resource["rights"] == WINDOWS_ACL, ident(resource)
        assert props["inherits"] is False, ident(resource)
        assert not {"mode", "owner", "group"} & set(props), ident(resource)
        return
    assert (props["owner"], props["group"], props["mode"]) == (
        "root",
        ROOT_GROUP[node],
        mode,
    ), ident(resource)
    assert resource["rights"] == []


def check_metadata(result: dict[str, Any], rendered: Rendered) -> None:
    target = rendered.compiled.target
    name = target.deploy.name
    assert result["run_list"] == [
        f"{name}::{r}" for r in ("default", "install", "config", "service")
    ]
    meta = result["metadata"]
    assert meta["name"] == name
    assert meta["version"] == cookbook_version(rendered.inventory.version)
    assert meta["license"] == "Apache-2.0"
    assert meta["chef_version"] == [">= 16"]
    assert meta["depends"] == []
    if target.description:
        assert meta["description"] == target.description  # text, never interpolated
    supported = {s[0] for s in meta["supports"]}
    assert result["platform"] in supported


def check_attributes(result: dict[str, Any], rendered: Rendered, node: str) -> None:
    platform = OSQUERY_PLATFORM[node]
    layout = LAYOUTS[platform]
    target = rendered.compiled.target
    attrs = result["attributes"]
    assert {
        k: attrs[k] for k in ("config_dir", "config_path", "flags_path", "packs_dir")
    } == {
        "config_dir": layout.config_dir,
        "config_path": layout.config_path,
        "flags_path": layout.flags_path,
        "packs_dir": packs_dir(target, platform),
    }
    assert attrs["package"]["version"] == target.deploy.package_version
    assert (
        attrs["manage_package"],
        attrs["manage_service"],
        attrs["verify_config"],
    ) == (True, True, True)
    if target.enroll_secret:
        assert attrs["secret_path"] == layout.secret_path


def check_deployment(result: dict[str, Any], rendered: Rendered, node: str) -> None:
    assert "error" not in result, result.get("error")
    check_metadata(result, rendered)
    check_attributes(result, rendered, node)
    platform = OSQUERY_PLATFORM[node]
    layout = LAYOUTS[platform]
    resources = result["resources"]
    by_id = {ident(r): r for r in resources}
    assert len(by_id) == len(resources), "a resource is declared twice"

    # Exactly these files, with exactly the compiled bytes.
    files = expected_files(rendered, node)
    deployed = {
        i
        for i, r in by_id.items()
        if r["type"] in ("cookbook_file", "file", "template")
    }
    assert deployed == set(files)
    for rid, data in files.items():
        if data is not None:
            assert content(by_id[rid]) == data, rid

    # Owners and modes (POSIX) or ACLs (Windows); contents kept out of Chef's output.
    for rid in files:
        resource = by_id[rid]
        if rid.startswith("template["):
            check_permissions(resource, node, "0640")
            text = content(resource).decode()
            assert f'FLAG_FILE="{layout.flags_path}"\n' in text
            assert f'CONFIG_FILE="{layout.config_path}"\n' in text
            continue
        check_permissions(resource, node, "0600" if rid.startswith("file[") else "0640")
        assert resource["sensitive"] is True, rid
    directory = by_id[f"directory[{layout.config_dir}]"]
    if node == "windows":
        assert directory["properties"] == {} and directory["rights"] == []
    else:
        check_permissions(directory, node, "0750")
    if rendered.compiled.target.pack_mode == "external":
        packs = by_id[f"directory[{packs_dir(rendered.compiled.target, platform)}]"]
        check_permissions(packs, node, "0750")
        assert packs["properties"]["recursive"] is True

    # osquery.conf is checked before it replaces the old one.
    osqueryi = result["attributes"]["osqueryi"]
    assert by_id[f"cookbook_file[{layout.config_path}]"]["properties"]["verify"] == [
        f'"{osqueryi}" --config_check --config_path "%{{path}}"'
    ]

    # Every osquery file, and the clean-up, restarts the service once, at the end.
    service = SERVICE[node]
    restart = {"action": "restart", "target": service, "timing": "delayed"}
    for rid in [*files, CLEANUP]:
        assert restart in by_id[rid]["notifications"], (
            f"{rid} does not restart {service}"
        )
    for resource in resources:
        for note in resource["notifications"]:
            assert note == restart, (ident(resource), note)
    assert service in by_id

    cleanup = by_id[CLEANUP]
    assert cleanup["guards"] == [{"kind": "only_if", "command": None, "block": True}]
    check_package(by_id, node, rendered)
    check_service(by_id, node, layout.flags_path)

    # Order: the package first, packs before the osquery.conf that names them, the
    # service last.
    order = [ident(r) for r in resources]
    config_at = order.index(f"cookbook_file[{layout.config_path}]")
    packs = [
        i
        for i in files
        if i
        not in (
            f"cookbook_file[{layout.config_path}]",
            f"cookbook_file[{layout.flags_path}]",
        )
        and i.startswith("cookbook_file[")
    ]
    assert all(order.index(p) < config_at for p in packs)
    assert order[-1] == service


def check_package(by_id: dict[str, Any], node: str, rendered: Rendered) -> None:
    package = package_context(rendered.compiled.target.deploy.package_version)
    if node == "darwin":
        path = f"/var/chef/cache/osquery-{package['version']}.pkg"
        download = by_id[f"remote_file[{path}]"]["properties"]
        assert (download["source"], download["checksum"]) == (
            package["darwin_url"],
            CHECKSUMS["darwin"],
        )
        install = by_id["execute[install the osquery pkg]"]
        assert install["properties"]["command"] == [
            "/usr/sbin/installer",
            "-pkg",
            path,
            "-target",
            "/",
        ]
        assert install["guards"] == [{"kind": "not_if", "command": None, "block": True}]
        return
    if node == "windows":
        msi = by_id["windows_package[osquery]"]["properties"]
        assert msi == {
            "source": package["windows_url"],
            "checksum": CHECKSUMS["windows"],
            "installer_type": "msi",
            "version": package["version"],
        }
        return
    version = package["deb_version" if node == "linux" else "rpm_version"]
    assert by_id["package[osquery]"]["properties"] == {"version": version}
    assert by_id["package[osquery]"]["actions"] == ["install"]


def check_service(by_id: dict[str, Any], node: str, flags_path: str) -> None:
    service = by_id[SERVICE[node]]
    if node == "darwin":
        assert service["properties"] == {
            "program_arguments": [DARWIN_DAEMON, f"--flagfile={flags_path}"],
            "run_at_load": True,
            "keep_alive": True,
            "throttle_interval": 60,
        }
        assert service["actions"] == ["create", "enable"]
    elif node == "windows":
        assert service["properties"] == {"startup_type": "automatic"}
        assert service["actions"] == ["configure_startup", "start"]
    else:
        assert service["actions"] == ["enable", "start"]
