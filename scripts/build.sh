#!/usr/bin/env bash
# The main job: validate, compile and render the project's own inventory.
# Creates .venv on first use (quietly: pip's output is shown only if it fails).
# Arguments go to `fleet build` (e.g. --schema FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
exec .venv/bin/fleet build "$@"
