"""Downloading a published schema into the cache, from a real local HTTP server."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from fleet.errors import FleetError, UsageError
from fleet.schema import fetch_schema, load_schema_file
from tests.conftest import SCHEMA_FILE


def cached_files(cache: Path) -> list[str]:
    folder = cache / "schema"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_fetch_keeps_the_file_as_published(cache: Path, schema_site: str) -> None:
    path = fetch_schema("5.23.1", schema_site)
    assert path == cache / "schema" / "5.23.1.json"
    assert path.read_bytes() == SCHEMA_FILE.read_bytes()
    assert len(load_schema_file(path).tables) == 286
    assert cached_files(cache) == ["5.23.1.json"]


def test_the_environment_names_the_default_site(
    cache: Path, schema_site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLEET_SCHEMA_URL", schema_site + "/")
    assert fetch_schema("5.23.1").is_file()


def test_a_version_osquery_never_published_is_a_404(
    cache: Path, schema_site: str
) -> None:
    with pytest.raises(FleetError) as caught:
        fetch_schema("5.99.0", schema_site)
    assert caught.value.message == (
        f"cannot download {schema_site}/5.99.0.json: HTTP 404 File not found"
    )
    assert caught.value.hint == "check that osquery published this version"
    assert cached_files(cache) == []


@pytest.mark.parametrize(
    ("version", "problem"),
    [
        ("6.0.0", "Expecting"),  # cut off half-way: json's own message
        ("7.0.0", "the top level is an object, not an array of tables"),
    ],
)
def test_a_corrupt_download_never_lands_in_the_cache(
    cache: Path, schema_site: str, version: str, problem: str
) -> None:
    (cache / "schema").mkdir(parents=True)
    kept = cache / "schema" / f"{version}.json"
    kept.write_text("the earlier file", encoding="utf-8")
    with pytest.raises(FleetError) as caught:
        fetch_schema(version, schema_site)
    assert caught.value.message.startswith(
        f"the download from {schema_site}/{version}.json is not an osquery schema: "
    )
    assert problem in caught.value.message
    assert kept.read_text(encoding="utf-8") == "the earlier file"
    assert cached_files(cache) == [f"{version}.json"]  # no temporary file left


@pytest.mark.parametrize("version", ["../5.23.1", "5.23", "5.23.1.json", "latest"])
def test_only_plain_versions_are_fetched(cache: Path, version: str) -> None:
    with pytest.raises(UsageError, match="is not an osquery version"):
        fetch_schema(version, "http://127.0.0.1:9")
    assert not cache.exists()


def test_an_unreachable_site_names_the_url_and_the_reason(cache: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FleetError) as caught:
        fetch_schema("5.23.1", f"http://127.0.0.1:{port}", timeout=5)
    assert caught.value.message.startswith(
        f"cannot download http://127.0.0.1:{port}/5.23.1.json: "
    )
    assert "refused" in caught.value.message.lower()
