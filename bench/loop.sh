#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Section 1 of docs/BENCHMARKS.md: tick lateness of the gateway's real control loop against cyclictest (rt-tests)
# at the same period and scheduling class (SCHED_OTHER, nice 0), in alternating windows of the same run
# (C G C G C G), at 100 ms and 10 ms, under three loads: idle; 200 simulated channels at 10 Hz written to the
# SQLite buffer (20 zone rules); the same plus the MQTT uplink replaying a backlog to a local Mosquitto: 3,000,000
# readings, because 1,000,000 (the issue's figure) drains in about 40 s here, before the last windows. The gateway runs with the JAVA_OPTS of systemd/edge-gateway.service, or with another collector:
#   bench/loop.sh                    # shipped flags, both periods, all loads (about 6 minutes)
#   bench/loop.sh --gc shenandoah    # the shipped flags with another collector: serial, shenandoah, g1
#   bench/loop.sh --quick            # 10 ms only, short windows (about 1.5 minutes)
#   bench/loop.sh --loads replay --backlog 1000000   # some loads only; another backlog
#   bench/loop.sh --console 2        # each load also with the web console on and 2 clients streaming, next to it
# Needs cyclictest (Debian rt-tests) and mosquitto.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

gc=shipped
periods="100 10"
rounds=3
window=8
loads="idle sampling replay"
backlog=3000000
console=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --gc) gc=$2; shift 2 ;;
    --quick) periods=10; rounds=2; window=3; shift ;;
    --loads) loads=$2; shift 2 ;;
    --backlog) backlog=$2; shift 2 ;;
    --console) console=$2; shift 2 ;;
    *) echo "usage: bench/loop.sh [--quick] [--gc shipped|serial|shenandoah|g1]" >&2; exit 2 ;;
  esac
done
build_bench_jar
opts=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' systemd/edge-gateway.service)
case "$gc" in
  shipped) ;;
  serial) opts=$(echo "$opts" | sed -E 's/-XX:\+Use[A-Za-z0-9]+GC/-XX:+UseSerialGC/') ;;
  shenandoah) opts=$(echo "$opts" | sed -E 's/-XX:\+Use[A-Za-z0-9]+GC/-XX:+UseShenandoahGC/') ;;
  g1) opts=$(echo "$opts" | sed -E 's/-XX:\+Use[A-Za-z0-9]+GC/-XX:+UseG1GC/') ;;
  *) echo "unknown collector: $gc" >&2; exit 2 ;;
esac
opts="$opts ${LOOP_OPTS:-}"
java $opts -cp bench/target/bench.jar org.edgegateway.bench.Machine
echo "# cyclictest: $(cyclictest --help 2>&1 | head -1 || true); command: cyclictest -p0 --policy=other -t1 -d0 -i PERIOD_US -l N -v --default-system"
echo "# lateness in µs, p50/p99/p99.9/max over $rounds windows of ${window} s each side; ratios gateway/cyclictest"
echo "# of the pooled windows (p99, max) and the median of the per-window ratios (p99 med, max med)"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for period in $periods; do
  for load in $loads; do
    streams_list=0
    [[ "$console" -gt 0 ]] && streams_list="0 $console"
    for streams in $streams_list; do
      java $opts -cp bench/target/bench.jar org.edgegateway.bench.LoopBench --label "$gc" --period-ms "$period" \
        --load "$load" --rounds "$rounds" --window-s "$window" --warmup-s 5 --backlog "$backlog" \
        --console-streams "$streams" 2>&1 | grep '^RESULT' >> "$out" || {
        echo "run failed: $period ms $load, $streams console streams" >&2; exit 1; }
    done
  done
done
{
  echo "gc period load ticks overruns gateway_p50/p99/p99.9/max cyclictest_p50/p99/p99.9/max p99 max p99_med" \
    "max_med bytes/tick backlog left"
  awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
         split(v["gw"], g, "/"); split(v["ct"], c, "/")
         print v["label"], v["period"], v["load"], v["ticks"], v["overruns"], v["gw"], v["ct"],
           sprintf("%.2f", g[2] / c[2]), sprintf("%.2f", g[4] / c[4]), v["p99ratio"], v["maxratio"],
           v["bytesPerTick"], v["backlog"], v["left"] }' "$out"
} | column -t
