#!/usr/bin/env bash
# Builds the solution and runs every test project; the last line is "N passed, N failed, N skipped".
# Exits non-zero when the build fails or any test fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

RESULTS=artifacts/test-results

scripts/setup.sh </dev/null || exit 1

if ! build_output="$(dotnet build Jitsi.Net.sln -c Debug -v q -nologo 2>&1)"; then
  echo "$build_output" >&2
  echo "test.sh: the build failed"
  echo "0 passed, 0 failed, 0 skipped"
  exit 1
fi

rm -rf "$RESULTS"
dotnet test Jitsi.Net.sln -c Debug --no-build -nologo \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=minimal" \
  --results-directory "$RESULTS" </dev/null
test_status=$?

# Each project writes one TRX file; its <Counters> element holds the totals (skipped tests are
# counted as notExecuted).
counter() {
  local name="$1" sum=0 value file
  shopt -s nullglob
  for file in "$RESULTS"/*.trx; do
    value="$(grep -o "<Counters [^>]*" "$file" | grep -o " $name=\"[0-9]*\"" | grep -o "[0-9]\+" || true)"
    sum=$((sum + ${value:-0}))
  done
  echo "$sum"
}

passed="$(counter passed)"
failed="$(counter failed)"
skipped="$(counter notExecuted)"
if [[ "$test_status" != 0 && "$failed" == 0 ]]; then
  echo "test.sh: dotnet test exited with $test_status"
fi

# The web client's unit tests; node's spec reporter ends with "ℹ pass N", "ℹ fail N", "ℹ skipped N".
web_output="$(npm test --prefix web --silent 2>&1 </dev/null)"
web_status=$?
web_count() { grep -o "ℹ $1 [0-9]*" <<<"$web_output" | tail -n 1 | grep -o "[0-9]*$" || echo 0; }
web_failed="$(web_count fail)"
if [[ "$web_status" != 0 ]]; then
  echo "$web_output"
  echo "test.sh: npm test in web exited with $web_status"
  [[ "$web_failed" == 0 ]] && web_failed=1
else
  grep "^ℹ " <<<"$web_output"
fi
passed=$((passed + $(web_count pass)))
failed=$((failed + web_failed))
skipped=$((skipped + $(web_count skipped)))

echo "$passed passed, $failed failed, $skipped skipped"
[[ "$test_status" == 0 && "$web_status" == 0 && "$failed" == 0 ]]
