"""Which hosts to read, and which target each belongs to.

Hosts come from a hosts file, an Ansible inventory (groups named like targets), or
addresses on the command line (their target is ``--target``, or the inventory's
only target). The hosts file is YAML, target name to a list of hosts::

    servers:
      - ssh://root@web-1.example.com            # an address
      - address: paramiko://db-1?ssh_config=/etc/fleet/ssh_config
        name: db-1                              # the name reports use
        platform: linux                         # linux | darwin | windows
      - address: /mnt/images/web-2?root=        # a directory
    laptops:
      - name: C02XK1ABCD                        # no address: known only from a
        platform: darwin                        # results export (its hostIdentifier)

A host's name defaults to the address's host part (a directory's last component;
``local`` for ``local://``). Names are unique across the file.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

from yaml.nodes import Node, ScalarNode

from fleet.drift.model import HostSpec
from fleet.drift.read import scheme_of
from fleet.drift.read.base import split_root
from fleet.drift.read.remote import ansible_command
from fleet.errors import FleetError, UsageError
from fleet.load.inventory import decode_text
from fleet.load.yamldoc import Reader
from fleet.load.yamlparse import parse
from fleet.osquery.layout import LAYOUTS

ENTRY_KEYS = frozenset({"address", "name", "platform"})
ANSIBLE_ROOT_VAR = "fleet_drift_root"  # an Ansible host variable: the root= prefix


def default_name(address: str) -> str:
    spec, _ = split_root(address)
    if scheme_of(spec) in ("", "file"):
        path = urlsplit(spec).path if spec.startswith("file://") else spec
        return Path(path.rstrip("/")).name or path
    parts = urlsplit(spec)
    return parts.hostname or parts.scheme


def _entry(reader: Reader, node: Node, path: str, target: str) -> HostSpec | None:
    origin = f"{reader.file}:{node.start_mark.line + 1}"
    if isinstance(node, ScalarNode):
        address = reader.string(node, path)
        if not address:
            return None
        return HostSpec(default_name(address), address, target, None, origin)
    entries = reader.mapping(node, path, "a host")
    if entries is None:
        return None
    reader.check_keys(entries, ENTRY_KEYS, path)
    values = {
        k: reader.string(e.value, f"{path}.{k}")
        for k, e in entries.items()
        if k in ENTRY_KEYS
    }
    address, name, platform = (
        values.get(k) or "" for k in ("address", "name", "platform")
    )
    if platform and platform not in LAYOUTS:
        reader.error(
            "platform",
            entries["platform"].value,
            f"{path}.platform",
            f"unknown platform '{platform}'",
            "use linux, darwin or windows",
        )
        return None
    if not address and not name:
        reader.error("missing-key", node, path, "a host needs an address or a name")
        return None
    return HostSpec(
        name or default_name(address), address, target, platform or None, origin
    )


def load_hosts_file(path: Path, targets: set[str]) -> list[HostSpec]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FleetError(f"cannot read hosts file {path}: {exc.strerror}") from exc
    text, problems = decode_text(data, str(path))
    if text is None:
        shown = "\n".join(f.as_text() for f in problems)
        raise FleetError(f"the hosts file cannot be read:\n{shown}")
    root, findings = parse(text, str(path))
    reader = Reader(str(path), text)
    reader.findings.extend(findings)
    hosts: list[HostSpec] = []
    groups = reader.mapping(root, "", "the hosts file") if root is not None else None
    for target, entry in (groups or {}).items():
        if target not in targets:
            reader.error(
                "unknown-target",
                entry.key_node,
                target,
                f"'{target}' is not a target of the inventory",
                "targets: " + ", ".join(sorted(targets)),
            )
            continue
        for index, node in enumerate(reader.sequence(entry.value, target) or []):
            spec = _entry(reader, node, f"{target}[{index}]", target)
            if spec is not None:
                hosts.append(spec)
    if reader.findings:
        raise FleetError(
            "the hosts file has errors:\n"
            + "\n".join(f.as_text() for f in reader.findings)
        )
    return hosts


def ansible_hosts(inventory_file: Path, targets: set[str]) -> list[HostSpec]:
    """Hosts of the Ansible groups named like targets, as ``ansible://`` addresses.

    The host variable ``fleet_drift_root`` plays the part of ``root=``.
    """
    try:
        inventory_file.stat()
    except OSError as exc:
        raise FleetError(
            f"cannot read Ansible inventory {inventory_file}: {exc.strerror}"
        ) from exc
    command = ansible_command("ansible-inventory")
    if command is None:
        raise FleetError(
            "ansible-inventory is not installed",
            "install ansible-core to read hosts from an Ansible inventory",
        )
    try:
        done = subprocess.run(
            [command, "--list", "-i", str(inventory_file)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=_quiet_env(),
        )
        data = json.loads(done.stdout) if done.returncode == 0 else None
    except (subprocess.TimeoutExpired, ValueError) as exc:
        raise FleetError(f"ansible-inventory could not list {inventory_file}") from exc
    if not isinstance(data, dict):
        raise FleetError(
            f"ansible-inventory could not parse {inventory_file}", _cause(done.stderr)
        )
    hostvars = data.get("_meta", {}).get("hostvars", {})
    inventory_arg = quote(str(inventory_file.resolve()), safe="/")
    hosts: list[HostSpec] = []
    for target in sorted(targets & set(data)):
        for host in _group_hosts(data, target):
            address = f"ansible://{host}?ansible_inventory={inventory_arg}"
            root = hostvars.get(host, {}).get(ANSIBLE_ROOT_VAR)
            if isinstance(root, str) and root:
                address += f"&root={quote(root, safe='/')}"
            hosts.append(HostSpec(host, address, target, None, f"ansible:{target}"))
    return hosts


def _group_hosts(data: dict[str, object], group: str) -> list[str]:
    entry = data.get(group)
    if not isinstance(entry, dict):
        return []
    out = list(entry.get("hosts", []))
    for child in entry.get("children", []):
        out += [h for h in _group_hosts(data, child) if h not in out]
    return out


def _cause(stderr: str) -> str:
    """The line of ansible-inventory's complaints that says why."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    because = [line for line in lines if "Failed to parse" in line]
    return (because or lines or [""])[0].removeprefix("[WARNING]: ")


def _quiet_env() -> dict[str, str]:
    # A source no plugin can parse is only a warning to Ansible, which then lists
    # an empty inventory; for drift it is an input that could not be read.
    return {
        **os.environ,
        "ANSIBLE_VERBOSITY": "0",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_INVENTORY_UNPARSED_FAILED": "True",
    }


def argv_hosts(
    addresses: list[str], target: str | None, targets: set[str]
) -> list[HostSpec]:
    if not addresses:
        return []
    if target is None:
        if len(targets) != 1:
            raise UsageError(
                "addresses on the command line need --target: the inventory has "
                f"{len(targets)} targets",
                "pass --target with one of: " + ", ".join(sorted(targets)),
            )
        target = next(iter(targets))
    return [HostSpec(default_name(a), a, target, None, "argv") for a in addresses]


def unique_names(hosts: list[HostSpec]) -> list[HostSpec]:
    seen: dict[str, HostSpec] = {}
    for host in hosts:
        if host.name in seen:
            raise FleetError(
                f"two hosts are named '{host.name}' ({seen[host.name].origin} and "
                f"{host.origin})",
                "give one of them a name: in the hosts file",
            )
        seen[host.name] = host
    return hosts
