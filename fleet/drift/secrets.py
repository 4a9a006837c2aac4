"""Secrets in drift reports: show the name, never the value.

A value is redacted when its name or the value itself is secret by the one rule in
``fleet.secrets`` (names that say where a secret lives are not redacted). A flag-file
line that is not ``--name=value`` follows the same rule word by word: whatever comes
after a word that names a secret is redacted (``--my_token <redacted>``), and so is
any word that looks like a credential.

Credentials inside a value are hidden whatever its name: the password of a URL or of
``user:pass@host`` (``https://u:***@h``), and a URL's user when it looks like a
token (``https://***@github.com``). ``scrub`` applies that to every finding, so no
message, desired or deployed value shows one.

The enroll secret file is never read at all: only its owner, group and mode. An
address's password (``ssh://user:pw@host``) is shown as ``***``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from fleet.secrets import PASSWORD_IN_TEXT, looks_secret, secret_name

REDACTED = "<redacted>"
HIDDEN = "***"

_URL_USER = re.compile(r"(?P<scheme>://)(?P<user>[^\s:@/\"'<>]+)@(?=[\w\[])")
_WORD = re.compile(r"[^\s=:\"',;]+")
_SEPARATOR = re.compile(r"[\s=:]*")


def hide_credentials(text: str) -> str:
    """``text`` with the passwords of URLs and ``user:pass@host`` as ``***``."""
    if "@" not in text:
        return text
    text = PASSWORD_IN_TEXT.sub(lambda m: f"{m['user']}:{HIDDEN}@", text)
    return _URL_USER.sub(
        lambda m: f"://{HIDDEN}@" if looks_secret(m["user"]) else m.group(), text
    )


def scrub(value: object) -> object:
    """``value`` with ``hide_credentials`` applied to every string in it."""
    if isinstance(value, str):
        return hide_credentials(value)
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


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
    return scrub(value)


def redact_line(line: str) -> str:
    """A flag-file line as a report may show it, by the rule word by word."""
    line = hide_credentials(line)
    for word in _WORD.finditer(line):
        if secret_name(word.group().lstrip("-")):
            rest = line[word.end() :]
            separator = _SEPARATOR.match(rest)
            sep = separator.group() if separator else ""
            if rest[len(sep) :].strip():
                return f"{line[: word.end()]}{sep}{REDACTED}"
            return line
    return "".join(
        REDACTED if looks_secret(part) else part for part in re.split(r"(\s+)", line)
    )


def display_address(address: str) -> str:
    """An address without its password: ``ssh://u:pw@h`` -> ``ssh://u:***@h``."""
    if "://" not in address:
        return address
    parts = urlsplit(address)
    if parts.password is None:
        return address
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))
