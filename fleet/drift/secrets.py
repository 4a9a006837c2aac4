"""Secrets in drift reports: show the name, never the value.

A value is redacted when its name or the value itself is secret by the one rule in
``fleet.secrets`` (names that say where a secret lives are not redacted).

The enroll secret file is never read at all: only its owner, group and mode. An
address's password (``ssh://user:pw@host``) is shown as ``***``.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from fleet.secrets import looks_secret, secret_name

REDACTED = "<redacted>"


def redact(name: str, value: object) -> object:
    """``value`` as a report may show it, for the option or flag ``name``."""
    if value is None:
        return None
    if secret_name(name) or looks_secret(value):
        return REDACTED
    if isinstance(value, dict):
        return {k: redact(str(k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(name, v) for v in value]
    return value


def redact_line(line: str) -> str:
    """A flag-file line with its value redacted when the rule says so."""
    name, sep, value = line.partition("=")
    if sep and (secret_name(name.lstrip("-")) or looks_secret(value)):
        return f"{name}={REDACTED}"
    return REDACTED if looks_secret(line) else line


def display_address(address: str) -> str:
    """An address without its password: ``ssh://u:pw@h`` -> ``ssh://u:***@h``."""
    if "://" not in address:
        return address
    parts = urlsplit(address)
    if parts.password is None:
        return address
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))
