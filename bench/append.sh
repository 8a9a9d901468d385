#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Section 2 of docs/BENCHMARKS.md: readings/s committed by the gateway's SQLite outbox (shipped durability:
# synchronous=FULL, WAL, groups of 500 rows / 20 ms) against a bare JDBC batch-insert loop into the same schema with
# the same pragmas, row encoding and commit size; rounds interleave baseline and subject, medians and their ratio.
#   flock /tmp/bench.lock bash bench/append.sh          # about 1 minute on 2 cores
#   flock /tmp/bench.lock bash bench/append.sh --quick  # about 20 s
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

build_bench_jar

rows=300000
rounds=7
if [[ "${1:-}" == "--quick" ]]; then
  rows=100000
  rounds=3
fi
# The shipped collector and stack size; the heap holds the pre-made readings of a round.
exec java -XX:+UseSerialGC -Xss512k -Xmx512m -Dtinylog.level=warn -cp "$jar" org.edgegateway.bench.AppendBench \
  "$rows" "$rounds"
