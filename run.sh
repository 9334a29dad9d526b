#!/usr/bin/env bash
# Starts the dev stack (Prosody, Focus, Videobridge, the web page) from a fresh Release build.
# Arguments go to the run command, e.g. ./run.sh --data-dir .stack --domain meet.localhost
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

scripts/setup.sh
if ! build_output="$(dotnet build Jitsi.Net.sln -c Release -v q -nologo 2>&1)"; then
  echo "$build_output" >&2
  echo "run.sh: the build failed" >&2
  exit 1
fi
if ! web_output="$(npm run build --prefix web 2>&1)"; then
  echo "$web_output" >&2
  echo "run.sh: the web client build failed" >&2
  exit 1
fi
exec dotnet src/Stack/bin/Release/net10.0/Jitsi.Net.Stack.dll run "$@"
