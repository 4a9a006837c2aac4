"""Readers of deployed state, chosen by the address scheme.

| address | reader |
| --- | --- |
| a path, ``file:///path`` | ``DirectoryReader``: a host's files under a directory |
| ``local://``, ``ssh://``, ``paramiko://``, ``ansible://``, | ``TestinfraReader`` |
| ``docker://``, ``kubectl://`` | |

Results exports (``--results``) cover many hosts at once and are streamed by
``read.results`` instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fleet.drift.read.base import Reader, split_root
from fleet.drift.read.directory import DirectoryReader
from fleet.drift.read.remote import TestinfraReader
from fleet.drift.secrets import display_address
from fleet.errors import UsageError

TESTINFRA_SCHEMES = ("local", "ssh", "paramiko", "ansible", "docker", "kubectl")

READERS: dict[str, Reader] = {
    "": DirectoryReader(),
    "file": DirectoryReader(),
    **{scheme: TestinfraReader(scheme) for scheme in TESTINFRA_SCHEMES},
}


def scheme_of(address: str) -> str:
    return urlsplit(address).scheme if "://" in address else ""


def reader_for(address: str) -> Reader:
    """The reader for ``address``; a usage error when no reader takes it as given."""
    scheme = scheme_of(address)
    if scheme not in READERS:
        known = ", ".join(f"{s}://" for s in READERS if s)
        raise UsageError(
            f"no reader for address '{address}'", f"use a directory or one of {known}"
        )
    if scheme in TESTINFRA_SCHEMES:
        spec, _ = split_root(address)
        path = urlsplit(spec).path
        if path not in ("", "/"):
            # testinfra ignores it: local:///srv/img would read this machine's /etc
            raise UsageError(
                f"address '{display_address(address)}' has a path, which "
                f"{scheme}:// ignores",
                f"to read the files under {path} on the host, add ?root={path}",
            )
    return READERS[scheme]


__all__ = ["READERS", "Reader", "reader_for", "scheme_of"]
