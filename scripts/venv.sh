#!/usr/bin/env bash
# Create or complete .venv with fleet and its test extras, quietly: pip's output is
# shown only when it fails. Sourced by build.sh and test.sh from the repository root.
if [ ! -x .venv/bin/pytest ] || ! .venv/bin/python -c 'import fleet, apsw, testinfra, markdown_it' 2>/dev/null; then
  venv_log=$(mktemp)
  echo "setting up .venv" >&2
  if ! {
    python3 -m venv .venv &&
      .venv/bin/pip install -q --disable-pip-version-check --upgrade pip &&
      .venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
  } >"$venv_log" 2>&1; then
    cat "$venv_log" >&2
    rm -f "$venv_log"
    echo "setting up .venv failed (pip's output above)" >&2
    exit 3
  fi
  rm -f "$venv_log"
fi
