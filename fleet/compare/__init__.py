"""Compare: one engine for every comparison (deployed vs desired, revision vs revision).

Both sides are first brought into the same normalised form (``normalise``), so key
order, JSON spelling, unicode escapes, a trailing semicolon or a default written out
are never differences; then ``compare`` walks the two trees and names each change by
the object it touches.
"""

from fleet.compare.normalise import normalise_config
from fleet.compare.tree import Change, compare

__all__ = ["Change", "compare", "normalise_config"]
