"""``osquery_info.config_hash``: SHA-1 over the sorted sources' SHA-1 hex digests.

osquery hashes each config source's raw text (before comments are stripped), joins
the hex digests in source-name order and hashes that. Pack files referenced by path
are not part of it.
"""

from __future__ import annotations

import hashlib


def config_hash(sources: dict[str, bytes]) -> str:
    digests = "".join(
        hashlib.sha1(sources[name]).hexdigest() for name in sorted(sources)
    )
    return hashlib.sha1(digests.encode("ascii")).hexdigest()
