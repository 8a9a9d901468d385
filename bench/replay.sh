#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Section 3 of docs/BENCHMARKS.md: readings/s replayed from a pre-filled outbox through the gateway's Forwarder and
# MQTT uplink (QoS 1, shipped pack-max-bytes 1024 and inflight 20, acks and deletes included) to a local Mosquitto,
# against a bare Paho publisher sending the same pack bytes at QoS 1 with the same window; rounds interleave
# baseline and subject, medians and their ratio. Needs mosquitto (Debian package).
#   flock /tmp/bench.lock bash bench/replay.sh          # about 1-2 minutes on 2 cores
#   flock /tmp/bench.lock bash bench/replay.sh --quick  # about 30 s
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

build_bench_jar

rows=300000
rounds=5
if [[ "${1:-}" == "--quick" ]]; then
  rows=60000
  rounds=2
fi
exec java -XX:+UseSerialGC -Xss512k -Xmx512m -Dtinylog.level=warn -cp "$jar" org.edgegateway.bench.ReplayBench \
  "$rows" "$rounds"
