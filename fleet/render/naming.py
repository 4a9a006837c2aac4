"""Names Chef and Puppet will not take, shared by the renderers and validation."""

from __future__ import annotations

import re

# A cookbook or module name: lowercase, digits and '_', starting with a letter.
DEPLOY_NAME = re.compile(r"[a-z][a-z0-9_]*")
PUPPET_AUTHOR = re.compile(r"[a-z0-9]+")

# Words Puppet will not take as a module (and so class) name.
PUPPET_RESERVED = frozenset(
    {
        "and", "application", "attr", "case", "class", "component", "consumes",
        "default", "define", "elsif", "environment", "false", "function", "if",
        "import", "in", "inherits", "main", "node", "or", "private", "produces",
        "settings", "site", "true", "type", "undef", "unit", "unless",
    }
)  # fmt: skip
