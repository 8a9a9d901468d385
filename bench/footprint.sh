#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Section 5 of docs/BENCHMARKS.md: RSS and heap of the demo gateway after a while (the figure is the 10-minute
# one), and what it wrote to storage meanwhile scaled to a day, next to a JVM that only sleeps, both with the JAVA_OPTS of systemd/edge-gateway.service but -Xmx48m; then
# the time from process start to the first tick ("running" line), median of 10 starts interleaved with a
# hello-world JVM with the same flags; then the same with an AppCDS archive made by one run of the demo; then what
# the web console costs: the demo with it on and two clients streaming next to the demo with it off (RSS, threads),
# and start to first tick with it on and off (the demo's own sections above run with the console off).
#   bench/footprint.sh            # 7-minute footprint + startup (about 9 minutes)
#   bench/footprint.sh 600        # the documented figure: 10 minutes of the demo (about 12 minutes in all)
#   bench/footprint.sh --quick    # 30 s footprint, 5 starts
#   bench/footprint.sh --console [SECONDS]   # only the web console's sections (default 300 s, 10 starts)
# Needs mosquitto (the demo forwards to a broker on a loopback port).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

seconds=${1:-420}
rounds=10
only_console=false
if [[ "$seconds" == "--quick" ]]; then seconds=30; rounds=5; fi
if [[ "$seconds" == "--console" ]]; then only_console=true; seconds=${2:-300}; fi
build_bench_jar
java -cp bench/target/bench.jar org.edgegateway.bench.Machine

opts=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' systemd/edge-gateway.service | sed 's/-Xmx64m/-Xmx48m/')
extra=${FOOTPRINT_OPTS:-}
work=$(mktemp -d)
trap 'kill $broker 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
broker=$!
sed -e "s#state-dir: ../target/demo-state#state-dir: $work/state#" -e "s#tcp://127.0.0.1:1883#tcp://127.0.0.1:$port#" \
  -e "s#^  enabled: true#  enabled: false#" config/demo.yaml > "$work/demo.yaml"
sed -e "s#state-dir: ../target/demo-state#state-dir: $work/state-on#" -e "s#tcp://127.0.0.1:1883#tcp://127.0.0.1:$port#" \
  -e "s#port: 8443#port: 0#" -e "s#password-file: console-demo.password#password-file: $PWD/config/console-demo.password#" \
  config/demo.yaml > "$work/demo-on.yaml"
grep -q "enabled: false" "$work/demo.yaml" && grep -q "port: 0" "$work/demo-on.yaml" || { echo "demo.yaml changed" >&2; exit 1; }
run() { java -Dbench.demo="$work/demo.yaml" -cp bench/target/bench.jar org.edgegateway.bench.Footprint "$@"; }

echo "# flags: $opts $extra"
if ! $only_console; then
echo "## footprint after $seconds s: demo gateway vs a sleeping JVM (same flags, side by side)"
run footprint "$seconds" $opts $extra
echo "## start to first tick: demo gateway vs hello-world JVM, $rounds starts each, interleaved"
run startup "$rounds" $opts $extra
echo "## the same with AppCDS (archive written by one demo run: -XX:ArchiveClassesAtExit)"
run startup 1 $opts $extra -XX:ArchiveClassesAtExit="$work/gw.jsa" > /dev/null
run startup "$rounds" $opts $extra -XX:SharedArchiveFile="$work/gw.jsa"
fi
console() { java -Dbench.demo.off="$work/demo.yaml" -Dbench.demo.on="$work/demo-on.yaml" -cp bench/target/bench.jar \
  org.edgegateway.bench.ConsoleFootprint "$@"; }
echo "## web console: demo with the console on and 2 clients streaming vs the demo with it off, after $seconds s"
console footprint "$seconds" 2 $opts $extra
echo "## web console: start to first tick, console on vs off, $rounds starts each, interleaved"
console startup "$rounds" $opts $extra
