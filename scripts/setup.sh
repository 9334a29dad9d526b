#!/usr/bin/env bash
# Installs what building, running and testing the stack needs on a Debian machine.
# Idempotent and silent when everything is already there; run as root to let it install.
set -euo pipefail

# Debian packages the stack needs. Add a line to add a package.
APT_PACKAGES=(
  prosody # XMPP server; each run/test starts a private instance, never the system service
  chromium # the browser the interop tests drive through Playwright (fake camera and microphone)
  python3-aiortc # a second, independent WebRTC peer for the media tests (run with /usr/bin/python3)
  ejabberd # the second XMPP server the XMPP tests run against; a private node per test run, never the system one
  janus # the SFU the load generator compares against (scripts/bench-side-by-side.sh; its test is skipped without it)
  coturn # TURN relay for clients behind UDP-blocking firewalls; started privately by run --public-host and the deploy tests
  nftables # the deploy test blocks UDP in its client network namespace with nft
)

# Folders whose package.json must be installed (npm ci). Add a line to add one.
NODE_PROJECTS=(
  web # the browser client: TypeScript, bundled with esbuild, tested with node's test runner
)

REQUIRED_DOTNET_MAJOR=10
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

fail() { echo "setup: $*" >&2; exit 1; }
say() { echo "setup: $*"; }

check_dotnet() {
  command -v dotnet >/dev/null 2>&1 \
    || fail "the .NET SDK is missing: install .NET ${REQUIRED_DOTNET_MAJOR} (https://dot.net) and put 'dotnet' on PATH"
  local version
  version="$(dotnet --version 2>/dev/null || true)"
  [[ "${version%%.*}" == "${REQUIRED_DOTNET_MAJOR}" ]] \
    || fail "the .NET SDK ${REQUIRED_DOTNET_MAJOR} is required, 'dotnet --version' says '${version:-nothing}'"
}

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

system_prosody_running() {
  local pid
  pid="$(cat /run/prosody/prosody.pid 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# The package's maintainer scripts start the system Prosody; a policy-rc.d that answers 101
# ("action forbidden") keeps invoke-rc.d from doing so while we install.
install_packages() {
  local missing=("$@")
  [[ "$(id -u)" == 0 ]] || fail "missing packages: ${missing[*]}; run as root or 'sudo apt-get install ${missing[*]}'"
  command -v apt-get >/dev/null 2>&1 || fail "missing packages: ${missing[*]}; apt-get is not available to install them"

  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    added_policy=1
  fi
  local prosody_was_running=""
  system_prosody_running && prosody_was_running=1

  say "installing ${missing[*]}"
  local log status=0
  log="$(mktemp)"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    status=1
  fi
  [[ -n "$added_policy" ]] && rm -f "$policy"
  if [[ "$status" != 0 ]]; then
    cat "$log" >&2
    rm -f "$log"
    fail "apt-get could not install ${missing[*]}"
  fi
  rm -f "$log"

  # Keep the system service from ever holding the ports our instances use.
  if [[ " ${missing[*]} " == *" prosody "* ]]; then
    if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
      systemctl disable --now prosody >/dev/null 2>&1 || true
    elif command -v update-rc.d >/dev/null 2>&1; then
      update-rc.d prosody disable >/dev/null 2>&1 || true
    fi
    if [[ -z "$prosody_was_running" ]] && system_prosody_running; then
      prosodyctl stop >/dev/null 2>&1 || true
    fi
  fi
  # Likewise for ejabberd, coturn and janus: the tests and the run command start private instances; the packaged
  # services stay off.
  local service
  for service in ejabberd coturn janus; do
    [[ " ${missing[*]} " == *" $service "* ]] || continue
    if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
      systemctl disable --now "$service" >/dev/null 2>&1 || true
    elif command -v update-rc.d >/dev/null 2>&1; then
      update-rc.d "$service" disable >/dev/null 2>&1 || true
    fi
  done
}

install_node_projects() {
  local project
  for project in "${NODE_PROJECTS[@]}"; do
    [[ -d "$ROOT/$project/node_modules" ]] && continue
    command -v npm >/dev/null 2>&1 || fail "npm is missing; it is needed for $project"
    say "installing node packages in $project"
    (cd "$ROOT/$project" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed in $project"
  done
}

main() {
  check_dotnet

  local missing=() package
  for package in "${APT_PACKAGES[@]}"; do
    is_installed "$package" || missing+=("$package")
  done
  if ((${#missing[@]} > 0)); then
    install_packages "${missing[@]}"
  fi

  if ((${#NODE_PROJECTS[@]} > 0)); then
    install_node_projects
  fi

  if system_prosody_running; then
    say "note: the system Prosody service is running; stop it ('systemctl stop prosody' or 'prosodyctl stop') before ./run.sh, which needs ports 5222, 5280 and 5347"
  fi
}

main "$@"
