"""The one way compiled JSON is written: sorted keys, indent 2, UTF-8, newline."""

from __future__ import annotations

import json


def json_bytes(value: object) -> bytes:
    text = json.dumps(
        value, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False
    )
    return (text + "\n").encode("utf-8")
