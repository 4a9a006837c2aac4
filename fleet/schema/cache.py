"""The user's schema cache, and downloading osquery's published schema into it.

osquery publishes one JSON file per release in the osquery-site repository. The
project does not redistribute that data: ``fleet schema fetch VERSION`` downloads
it into the user's cache, where ``--schema VERSION`` and ``schema: VERSION`` find it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from fleet.errors import FleetError, UsageError
from fleet.schema.load import (
    EXPECTED,
    MAX_SCHEMA_BYTES,
    SchemaShapeError,
    parse_schema,
)

DEFAULT_SCHEMA_URL = (
    "https://raw.githubusercontent.com/osquery/osquery-site/source/src/data/"
    "osquery_schema_versions"
)
SCHEMA_URL_ENV = "FLEET_SCHEMA_URL"
CACHE_DIR_ENV = "FLEET_CACHE_DIR"
VERSION_RE = re.compile(r"\d+\.\d+\.\d+")


def cache_dir() -> Path:
    """$FLEET_CACHE_DIR, else $XDG_CACHE_HOME/fleet, else ~/.cache/fleet."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():  # the XDG spec says to ignore relative paths
        return Path(xdg) / "fleet"
    return Path.home() / ".cache" / "fleet"


def is_version(text: str) -> bool:
    return VERSION_RE.fullmatch(text) is not None


def cached_schema_path(version: str) -> Path:
    """Where the schema of ``version`` is cached (the file may not exist)."""
    _check_version(version)
    return cache_dir() / "schema" / f"{version}.json"


def fetch_schema(
    version: str, base_url: str | None = None, timeout: float = 30
) -> Path:
    """Download the published schema of ``version`` into the cache; return its path.

    ``base_url`` defaults to $FLEET_SCHEMA_URL, else DEFAULT_SCHEMA_URL. The download
    is parsed as a schema before it replaces anything in the cache, and is written
    to a temporary file that is renamed into place, so a failed or corrupt download
    leaves the cache as it was.
    """
    target = cached_schema_path(version)
    base = base_url or os.environ.get(SCHEMA_URL_ENV) or DEFAULT_SCHEMA_URL
    url = f"{base.rstrip('/')}/{version}.json"
    data = _download(url, timeout)
    try:
        parse_schema(json.loads(data), url, version)
    except (ValueError, SchemaShapeError) as exc:  # JSONDecodeError is a ValueError
        raise FleetError(
            f"the download from {url} is not an osquery schema: {exc}", EXPECTED
        ) from None
    write_atomic(target, data)
    return target


def _check_version(version: str) -> None:
    if not is_version(version):
        raise UsageError(
            f"'{version}' is not an osquery version",
            "give three numbers such as 5.23.1",
        )


def _download(url: str, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data: bytes = response.read(MAX_SCHEMA_BYTES + 1)
    except urllib.error.HTTPError as exc:
        hint = "check that osquery published this version" if exc.code == 404 else ""
        raise FleetError(
            f"cannot download {url}: HTTP {exc.code} {exc.reason}", hint
        ) from None
    except urllib.error.URLError as exc:
        raise FleetError(f"cannot download {url}: {exc.reason}") from None
    except (OSError, ValueError) as exc:  # timeouts, resets, malformed URLs
        raise FleetError(f"cannot download {url}: {exc}") from None
    if len(data) > MAX_SCHEMA_BYTES:
        raise FleetError(f"the download from {url} is over {MAX_SCHEMA_BYTES} bytes")
    return data


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``target`` whole or not at all: a temporary file renamed into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise FleetError(f"cannot write {target}: {exc.strerror or exc}") from None
