"""The one rule for values that may be secret, shared by validate, import and drift.

A setting is secret when either

- its name has a word, split on ``_``, ``-`` and ``.``, among ``secret``,
  ``password``, ``passwd``, ``token``, ``key``, ``credential(s)``, ``apikey``,
  ``private``, ``auth``, and does not end in a suffix that names where a secret is
  (``_path``, ``_file``, ``_dir``, ``_env``, ``_endpoint``, ``_url``, ``_uri``); or
- its value looks like a credential whatever the name: one word of at least 20
  characters, no ``/`` or ``\\``, mixing letters and digits; or
- its value holds a password as ``user:password@host``, in a URL or not
  (``https://u:pw@host``).

A value that is a path names where a secret lives (``tls_client_key:
/etc/osquery/client.key``), which is not itself secret.
"""

from __future__ import annotations

import re

_WORDS = frozenset(
    {
        "secret", "password", "passwd", "token", "key", "credential", "credentials",
        "apikey", "private", "auth",
    }
)  # fmt: skip
_LOCATION_SUFFIXES = ("_path", "_file", "_dir", "_env", "_endpoint", "_url", "_uri")
_TOKEN = re.compile(r"[A-Za-z0-9+=_.:-]{20,}")
_PATH = re.compile(r"(/|~/|[A-Za-z]:\\|\\\\)")
# user:password@host, in a URL or not; the password runs to the last '@' before the
# host, since people write '@' in passwords unencoded.
PASSWORD_IN_TEXT = re.compile(
    r"(?P<user>[^\s:@/\"'<>=,;()\[\]{}]*):[^\s/\"'<>]+@(?=[\w\[])", re.ASCII
)


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


def secret_setting(name: str, value: object) -> bool:
    """Whether an option or flag holds a secret (rather than where one lives)."""
    if looks_secret(value):
        return True
    if isinstance(value, str) and "@" in value and PASSWORD_IN_TEXT.search(value):
        return True
    if not secret_name(name) or isinstance(value, bool):
        return False
    return not (isinstance(value, str) and _PATH.match(value.strip()))
