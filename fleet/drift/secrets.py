"""The one rule for values that may be secret: show the name, never the value.

A value is redacted when either

- its name (an option, a flag) has a word, split on ``_``, ``-`` and ``.``, among
  ``secret``, ``password``, ``passwd``, ``token``, ``key``, ``credential(s)``,
  ``apikey``, ``private``, ``auth``, and does not end in ``_path``, ``_file`` or
  ``_dir`` (those name where a secret lives, which is not itself secret); or
- the value looks like a credential whatever its name: a single word of at least 20
  characters, no ``/`` or ``\\``, mixing letters and digits.

The enroll secret file is never read at all: only its owner, group and mode. An
address's password (``ssh://user:pw@host``) is shown as ``***``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

REDACTED = "<redacted>"
_WORDS = frozenset(
    {
        "secret",
        "password",
        "passwd",
        "token",
        "key",
        "credential",
        "credentials",
        "apikey",
        "private",
        "auth",
    }
)
_LOCATION_SUFFIXES = ("_path", "_file", "_dir")
_TOKEN = re.compile(r"[A-Za-z0-9+=_.:-]{20,}")


def secret_name(name: str) -> bool:
    lowered = name.lower()
    if lowered.endswith(_LOCATION_SUFFIXES):
        return False
    return bool(_WORDS & set(re.split(r"[_.\-]", lowered)))


def looks_secret(value: object) -> bool:
    if not isinstance(value, str):
        return False
    text = value.strip()
    return (
        bool(_TOKEN.fullmatch(text))
        and any(c.isdigit() for c in text)
        and any(c.isalpha() for c in text)
    )


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
