#!/usr/bin/env bash
# The main job: validate, compile and render the project's own inventory.
# Creates .venv on first use. Arguments go to `fleet build` (e.g. --schema FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/fleet ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e '.[test]'
fi
exec .venv/bin/fleet build "$@"
