#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sections 6b and 6c of docs/BENCHMARKS.md: replay throughput (Forwarder + MQTT uplink to a local Mosquitto,
# shipped defaults) at buffer depths 10k, 100k, 1M and 10M rows, a fixed 40,000 readings replayed three times at
# each depth, the query plans of the replay statements, and disk bytes per buffered reading (database + WAL after a
# checkpoint). One file under target/ grows by a bulk fill (not measured; the 10M fill takes about 1-2 minutes and
# about 600 MB of disk). Needs mosquitto.
#   flock /tmp/bench.lock bash bench/depth.sh          # about 5 minutes on 2 cores
#   flock /tmp/bench.lock bash bench/depth.sh --quick  # 10k, 100k, 1M: about 1 minute
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

build_bench_jar

depths=10000,100000,1000000,10000000
if [[ "${1:-}" == "--quick" ]]; then
  depths=10000,100000,1000000
fi
exec java -XX:+UseSerialGC -Xss512k -Xmx512m -Dtinylog.level=warn -cp "$jar" org.edgegateway.bench.DepthBench \
  "$depths" 40000 3
