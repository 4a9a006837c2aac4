"""The Puppet module's documentation and class parameters, written once.

The same values feed the puppet-strings comments of the manifests, the parameter
list of ``init.pp``, the defaults in ``data/common.yaml`` and ``REFERENCE.md``
(which the templates lay out exactly as ``puppet strings generate --format
markdown`` does, so the file needs no Puppet at render time).

Which parameters exist depends on the target: ``packs_dir`` only with external packs,
``enroll_secret`` only when the target manages a secret. Plain-data defaults live in
the module's data, where Hiera can override them; ``undef`` defaults live in code.
No inventory text is written into comments: a line break there would become code.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from fleet.model import Target
from fleet.osquery.layout import LAYOUTS

# osquery 5.x Linux packages install the binaries under /opt/osquery/bin.
VALIDATE_CMD = "/opt/osquery/bin/osqueryi --config_path % --config_check"
SERVICE = "osqueryd"
CONFIG_DIR = LAYOUTS["linux"].config_dir
WIDTH = 80


def wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str  # the Puppet data type as written in init.pp
    doc: str
    data: str | bool | None = None  # the default in data/common.yaml
    default: str | None = None  # the default in init.pp, as Puppet code

    @property
    def doc_lines(self) -> list[str]:
        return wrap(self.doc)


@dataclass(frozen=True, slots=True)
class Example:
    title: str
    code: list[str]


@dataclass(frozen=True, slots=True)
class ClassDoc:
    name: str
    summary: str
    description: list[str] = field(default_factory=list)  # wrapped lines
    examples: list[Example] = field(default_factory=list)


def package_ensure(version: str) -> str:
    """The version string apt and yum know osquery's own packages by.

    osquery publishes ``osquery_5.12.1-1.linux_amd64.deb`` and
    ``osquery-5.12.1-1.linux.x86_64.rpm``; apt only matches the full version.
    """
    return f"{version}-1.linux"


def module_params(target: Target, packs_dir: str) -> list[Param]:
    """The class parameters, those without a default in code first."""
    params = [
        Param(
            "package_version",
            "String[1]",
            "The osquery package version to install, pinned, as the package "
            "manager names it (osquery's own packages: `X.Y.Z-1.linux`).",
            data=package_ensure(target.deploy.package_version),
        ),
        Param(
            "config_dir",
            "Stdlib::Unixpath",
            "The directory osquery reads `osquery.conf` and `osquery.flags` from; "
            "the enroll secret is written there too. Change it only to stage the "
            "files elsewhere: the flag file names the compiled paths.",
            data=CONFIG_DIR,
        ),
    ]
    if target.pack_mode == "external":
        params.append(
            Param(
                "packs_dir",
                "Stdlib::Unixpath",
                "The directory holding one file per pack. Puppet owns it: files it "
                "does not manage are deleted. Change it only to stage the files "
                "elsewhere: `osquery.conf` names the compiled pack paths.",
                data=packs_dir,
            )
        )
    params += [
        Param(
            "manage_package",
            "Boolean",
            "Whether to install the osquery package at `package_version`.",
            data=True,
        ),
        Param(
            "manage_service",
            "Boolean",
            "Whether to keep the osquery service running and enabled, and restart "
            "it when any deployed file changes.",
            data=True,
        ),
        Param(
            "service_name", "String[1]", "The name of osquery's service.", data=SERVICE
        ),
        Param(
            "validate_cmd",
            "Optional[String[1]]",
            "A command that checks a new `osquery.conf` before it replaces the old "
            "one (`%` stands for the new file). The default needs osquery installed; "
            "`~` (null) in Hiera skips the check.",
            data=VALIDATE_CMD,
        ),
        Param(
            "restart_command",
            "Optional[String[1]]",
            "When `manage_service` is false: a command run once in every Puppet run "
            "that changed a deployed file, for an osqueryd that something other "
            "than Puppet supervises. `undef`: nothing is restarted.",
            default="undef",
        ),
    ]
    if target.enroll_secret:
        params.append(
            Param(
                "enroll_secret",
                "Optional[Sensitive[String[1]]]",
                "The enroll secret, written to `enroll_secret` in `config_dir` (the "
                "flag file's `--enroll_secret_path`). Required: the catalog fails "
                "without it. A Hiera value is converted to Sensitive by this module's "
                "lookup options.",
                default="undef",
            )
        )
    return params


def class_docs(name: str, target: Target) -> list[ClassDoc]:
    """The public class first, then the private ones in name order."""
    external = target.pack_mode == "external"
    deployed = ", one file per pack" if external else ""
    secret = " and the enroll secret" if target.enroll_secret else ""
    examples = [
        Example("With the defaults from the module's data", [f"include {name}"])
    ]
    if target.enroll_secret:
        examples.append(
            Example(
                "Giving the enroll secret in code rather than in Hiera",
                [
                    f"class {{ '{name}':",
                    "  enroll_secret => Sensitive($enroll_secret),",
                    "}",
                ],
            )
        )
    return [
        ClassDoc(
            name,
            "Deploys the osquery configuration that fleet compiled for one target.",
            wrap(
                "Installs osquery and deploys the configuration, the flag file"
                f"{deployed}{secret}. The configuration files are copied byte for "
                "byte from this module's `files/` directory. Any change to a deployed "
                "file refreshes the service once per Puppet run (or runs "
                "`restart_command` when Puppet does not manage the service)."
            ),
            examples,
        ),
        ClassDoc(
            f"{name}::config",
            f"Deploys osquery.conf, the flag file{', the packs' if external else ''}"
            f"{secret}.",
        ),
        ClassDoc(f"{name}::install", "Installs the pinned osquery package."),
        ClassDoc(
            f"{name}::service",
            "Keeps osqueryd running; refreshed when any deployed file changes.",
        ),
    ]
