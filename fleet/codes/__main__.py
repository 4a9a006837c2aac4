"""``python -m fleet.codes > docs/checks.md``"""

from fleet.codes import markdown

print(markdown(), end="")
