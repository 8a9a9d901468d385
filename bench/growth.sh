#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Section 6a of docs/BENCHMARKS.md: tick duration (median, p99) of the real control loop against the number of
# channels and zone rules (10 to 2,000, one rule per channel), with the shipped JAVA_OPTS (heap raised to 256 MB
# so that 2,000 sensors fit), and the per-channel slope of the median.
#   bench/growth.sh            # 15 s per size (about 2 minutes)
#   bench/growth.sh --quick    # 4 s per size
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

seconds=15
if [[ "${1:-}" == "--quick" ]]; then seconds=4; fi
build_bench_jar
opts=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' systemd/edge-gateway.service | sed 's/-Xmx64m/-Xmx256m/')
java $opts ${LOOP_OPTS:-} -Dtinylog.level=warn -cp bench/target/bench.jar org.edgegateway.bench.Machine
java $opts ${LOOP_OPTS:-} -Dtinylog.level=warn -cp bench/target/bench.jar org.edgegateway.bench.GrowthBench \
  "$seconds" 10 100 500 1000 2000 2>&1 | grep -v -E '^[0-9:.]+ \[' 
