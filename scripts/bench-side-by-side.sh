#!/usr/bin/env bash
# Our bridge and Janus VideoRoom side by side, same generator, same scenarios, same SRTP profile (AEAD_AES_128_GCM).
#
#   sudo scripts/bench-side-by-side.sh [--quick] [--output DIR]
#
# Janus gathers no loopback candidates, so the run makes two network namespaces joined by a veth pair
# (jn-bench-srv 198.18.0.1/24 <-> jn-bench-gen 198.18.0.2/24, loopback up, no other interface or route), starts the
# server under test in jn-bench-srv pinned to core 1 (one server at a time) and the load generator in jn-bench-gen
# pinned to core 0. For our bridge the generator's private Prosody listens on 198.18.0.2 and the bridge reaches it
# over the veth link. The namespaces are deleted on exit, whatever happens.
#
# Writes DIR/<server>/<scenario>/{steps.csv,summary.md,chart.png} for server in ours, janus, a self-loop baseline in
# DIR/self-loop/, and DIR/side-by-side.md with the table. DIR defaults to artifacts/bench/<UTC date-time>.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRV=jn-bench-srv
GEN=jn-bench-gen
SRV_IP=198.18.0.1
GEN_IP=198.18.0.2
QUICK=0
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --output) OUT="$2"; shift 2 ;;
    *) echo "usage: $0 [--quick] [--output DIR]" >&2; exit 2 ;;
  esac
done
OUT="${OUT:-$ROOT/artifacts/bench/$(date -u +%Y%m%d-%H%M)}"

[[ $(id -u) -eq 0 ]] || { echo "bench: network namespaces need root" >&2; exit 2; }
command -v janus >/dev/null || { echo "bench: janus is not installed (apt-get install janus)" >&2; exit 2; }
[[ $(nproc) -ge 2 ]] || { echo "bench: needs 2 cores (server on core 1, generator on core 0)" >&2; exit 2; }

cleanup() {
  ip netns del "$SRV" 2>/dev/null || true
  ip netns del "$GEN" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
cleanup
ip netns add "$SRV"
ip netns add "$GEN"
ip link add jn-bench-g type veth peer name jn-bench-s
ip link set jn-bench-s netns "$SRV"
ip link set jn-bench-g netns "$GEN"
ip -n "$SRV" addr add "$SRV_IP/24" dev jn-bench-s
ip -n "$GEN" addr add "$GEN_IP/24" dev jn-bench-g
for ns in "$SRV" "$GEN"; do ip -n "$ns" link set lo up; done
ip -n "$SRV" link set jn-bench-s up
ip -n "$GEN" link set jn-bench-g up

echo "bench: building (Release)"
dotnet build -c Release -v q -nologo "$ROOT/src/LoadGenerator/LoadGenerator.csproj" >/dev/null
dotnet build -c Release -v q -nologo "$ROOT/src/Focus/Focus.csproj" >/dev/null
GENERATOR="$ROOT/src/LoadGenerator/bin/Release/net10.0/Jitsi.Net.LoadGenerator.dll"

if [[ $QUICK -eq 1 ]]; then
  TIMING=(--warmup 1 --duration 3)
  declare -A SCENARIOS=(
    [rooms-of-7]="--rooms 2 --endpoints-per-room 7 --steps 2"
    [broadcast]="--rooms 1 --endpoints-per-room 21 --senders-per-room 1"
    [meeting-30-last-n]="--rooms 1 --endpoints-per-room 10 --last-n 3 --simulcast"
    [join-storm]="--rooms 1 --endpoints-per-room 10 --senders-per-room 1 --video-kbps 0"
  )
else
  TIMING=(--warmup 2 --duration 5)
  declare -A SCENARIOS=(
    [rooms-of-7]="--rooms 9 --endpoints-per-room 7 --steps 3"
    [broadcast]="--rooms 1 --endpoints-per-room 201 --senders-per-room 1"
    [meeting-30-last-n]="--rooms 1 --endpoints-per-room 30 --last-n 5 --simulcast"
    [join-storm]="--rooms 1 --endpoints-per-room 50 --senders-per-room 1 --video-kbps 0"
  )
fi
ORDER=(rooms-of-7 broadcast meeting-30-last-n join-storm)
mkdir -p "$OUT"
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED="$(date -u '+%Y-%m-%d %H:%M')"

run() { # server scenario args...
  local server="$1" scenario="$2"; shift 2
  echo "bench: $server / $scenario"
  ip netns exec "$GEN" taskset -c 0 dotnet "$GENERATOR" "$@" "${TIMING[@]}" --local-address "$GEN_IP" \
    --output "$OUT/$server/$scenario" > "$OUT/$server/$scenario.log" 2>&1 \
    || echo "bench: $server / $scenario failed (exit $?), see $OUT/$server/$scenario.log"
}

mkdir -p "$OUT/ours" "$OUT/janus" "$OUT/self-loop"
for scenario in "${ORDER[@]}"; do
  # The join storm goes through the Focus and Jingle on our side (the full stack), through the HTTP API on Janus's.
  full=""; [[ $scenario == join-storm ]] && full="--full"
  # shellcheck disable=SC2086
  run ours "$scenario" --start-stack $full --server-netns "$SRV" --server-address "$SRV_IP" --bridge-core 1 ${SCENARIOS[$scenario]}
  # shellcheck disable=SC2086
  run janus "$scenario" --start-janus --server-netns "$SRV" --server-address "$SRV_IP" --bridge-core 1 ${SCENARIOS[$scenario]}
done
# The latency baseline: the same rooms-of-7 load through the in-process forwarder (generator and forwarder share
# the process; not pinned, so both cores are theirs).
echo "bench: self-loop / rooms-of-7"
# shellcheck disable=SC2086
ip netns exec "$GEN" dotnet "$GENERATOR" --self-loop ${SCENARIOS[rooms-of-7]} "${TIMING[@]}" --local-address "$GEN_IP" \
  --output "$OUT/self-loop/rooms-of-7" > "$OUT/self-loop/rooms-of-7.log" 2>&1 || echo "bench: self-loop failed"

# The side-by-side table: the last (largest) step of every scenario for each server.
{
  echo "# Side by side: our bridge and Janus VideoRoom"
  echo
  echo "Run $STARTED UTC on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average before the run"
  echo "$LOADAVG, after: $(cut -d' ' -f1-3 /proc/loadavg). Server under test pinned to core 1 in its own network namespace, generator on core 0;"
  echo "SRTP AEAD_AES_128_GCM both ways; $( [[ $QUICK -eq 1 ]] && echo 'quick sizes' || echo 'full sizes'). Last step of each scenario."
  echo
  echo "| scenario | server | endpoints | forwarded packets/s (expected) | Mbit/s | loss % | latency p50 / p99 / p99.9 ms | server CPU % | core 1 busy % | forwarded per CPU-s (process / core) | RSS MiB | KiB per endpoint | join p50 / max ms | connect max ms | keeps up |"
  echo "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---|"
  for scenario in "${ORDER[@]}" ; do
    for server in ours janus self-loop; do
      csv="$OUT/$server/$scenario/steps.csv"
      [[ -f "$csv" ]] || { [[ $server == self-loop ]] || echo "| $scenario | $server | failed: see $server/$scenario.log |||||||||||||"; continue; }
      awk -F, -v scenario="$scenario" -v server="$server" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { last = $0 }
        END {
          split(last, v, ",")
          printf "| %s | %s | %s | %d (%d) | %.1f | %.3f | %.3f / %.3f / %.3f | %s | %s | %s / %s | %s | %s | %.0f / %.0f | %.0f | %s |\n",
            scenario, server, v[col["endpoints"]], v[col["forwarded_pps"]], v[col["expected_pps"]], v[col["forwarded_mbps"]],
            v[col["loss_percent"]], v[col["latency_p50_ms"]], v[col["latency_p99_ms"]], v[col["latency_p999_ms"]],
            fmt1(v[col["bridge_cpu_percent"]]), fmt1(v[col["bridge_core_busy_percent"]]),
            fmt0(v[col["forwarded_per_cpu_second"]]), fmt0(v[col["forwarded_per_core_busy_second"]]),
            mib(v[col["bridge_rss_bytes"]]), kib(v[col["bridge_bytes_per_endpoint"]]),
            v[col["join_p50_ms"]], v[col["join_max_ms"]], v[col["connect_max_ms"]], v[col["keeps_up"]] == 1 ? "yes" : "no"
        }
        function fmt1(x) { return x == "" ? "–" : sprintf("%.1f", x) }
        function fmt0(x) { return x == "" ? "–" : sprintf("%d", x) }
        function mib(x) { return x == "" ? "–" : sprintf("%.1f", x / 1048576) }
        function kib(x) { return x == "" ? "–" : sprintf("%.0f", x / 1024) }
      ' "$csv"
    done
  done
  echo
  echo "Forwarded packets per CPU-second of the server process, ours ÷ Janus (the issue's target is ≥ 1.5):"
  echo
  for scenario in "${ORDER[@]}"; do
    ours="$OUT/ours/$scenario/steps.csv"; janus="$OUT/janus/$scenario/steps.csv"
    if [[ -f "$ours" && -f "$janus" ]]; then
      awk -F, -v scenario="$scenario" '
        FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        FILENAME == ARGV[1] { a = $col["forwarded_per_cpu_second"] }
        FILENAME == ARGV[2] { b = $col["forwarded_per_cpu_second"] }
        END { printf "- %s: %s\n", scenario, (a != "" && b > 0) ? sprintf("%.2f×", a / b) : "n/a" }
      ' "$ours" "$janus"
    fi
  done
} > "$OUT/side-by-side.md"
echo "bench: $OUT/side-by-side.md"
cat "$OUT/side-by-side.md"
