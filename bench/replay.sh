#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Section 3 of docs/BENCHMARKS.md: readings/s replayed from a pre-filled outbox through the gateway's Forwarder and
# MQTT uplink (QoS 1, shipped pack-max-bytes 1024 and inflight 20, acks and deletes included) to a local Mosquitto,
# against a bare Paho publisher sending the same pack bytes at QoS 1 with the same window; rounds interleave
# baseline and subject, medians and their ratio. Needs mosquitto (Debian package).
# Then the MQTT uplink alone with the same packs (no outbox), beside bare Paho again: the ceiling of any outbox.
#   flock /tmp/bench.lock bash bench/replay.sh          # about 2 minutes on 2 cores
#   flock /tmp/bench.lock bash bench/replay.sh --quick  # about 40 s
# Over an emulated link instead of loopback (both sides through a relay adding the round trip, and a rate limit
# in kbit/s each way, 0 for none; 30,000 readings, 3 rounds):
#   flock /tmp/bench.lock bash bench/replay.sh --link 50 2000   # about 40 s
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

build_bench_jar

rows=300000
rounds=5
link=()
if [[ "${1:-}" == "--quick" ]]; then
  rows=60000
  rounds=2
elif [[ "${1:-}" == "--link" ]]; then
  rows=30000
  rounds=3
  link=("${2:?round trip in ms}" "${3:-0}")
fi
exec java -XX:+UseSerialGC -Xss512k -Xmx512m -Dtinylog.level=warn -cp "$jar" org.edgegateway.bench.ReplayBench \
  "$rows" "$rounds" "${link[@]}"
