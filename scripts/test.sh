#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing (Debian packages
# for Puppet, Ruby and OpenSSH; the Python package with its test extras), then runs
# lint, type checks, the whole test suite, and checks chef/ and puppet/ are fresh.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  puppet-agent puppet-lint puppet-strings metadata-json-lint
  puppet-module-puppetlabs-stdlib
  ruby rubocop ruby-erubis ruby-fauxhai
  openssh-server openssh-client git
)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

. scripts/venv.sh

.venv/bin/ruff check fleet tests scripts
.venv/bin/ruff format --check fleet tests scripts
.venv/bin/mypy
.venv/bin/pytest "$@"
.venv/bin/fleet build --check
