#!/usr/bin/env bash
# The main job: validate, compile and render the project's own inventory.
# Creates .venv on first use (quietly: pip's output is shown only if it fails).
# Arguments go to `fleet build` (e.g. --schema FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/fleet ]; then
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  echo "setting up .venv (first run)" >&2
  if ! {
    python3 -m venv .venv &&
      .venv/bin/pip install -q --disable-pip-version-check --upgrade pip &&
      .venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
  } >"$log" 2>&1; then
    cat "$log" >&2
    echo "build.sh: setting up .venv failed (pip's output above)" >&2
    exit 3
  fi
fi
exec .venv/bin/fleet build "$@"
