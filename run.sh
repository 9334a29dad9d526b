#!/usr/bin/env bash
# Starts the dev stack (Prosody, Focus, Videobridge) from a fresh Release build.
# Arguments go to the run command, e.g. ./run.sh --data-dir .stack --domain meet.localhost
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

scripts/setup.sh
if ! build_output="$(dotnet build Jitsi.Net.sln -c Release -v q -nologo 2>&1)"; then
  echo "$build_output" >&2
  echo "run.sh: the build failed" >&2
  exit 1
fi
exec dotnet src/Stack/bin/Release/net10.0/Jitsi.Net.Stack.dll run "$@"
