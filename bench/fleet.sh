#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fleet scale, simulated (docs/BENCHMARKS.md section 7): 1,000 gateway uplinks (the real PahoMqttUplink and
# Forwarder over an in-memory outbox) in one JVM against one local mosquitto, a pack of 4 readings every 5 s each;
# threads and heap with the fleet online; the reconnect curve after an instant broker restart and after 10 s down;
# every reading produced compared with what a subscriber received. About 2.5 minutes; needs mosquitto.
#   flock /tmp/bench.lock bash bench/fleet.sh            # 1,000 gateways
#   flock /tmp/bench.lock bash bench/fleet.sh --quick    # 200 gateways, shorter phases (about 1 minute)
#   bench/fleet.sh --gateways 500 --down-s 30            # any FleetBench option
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

build_bench_jar

# Two sockets per gateway (one in this JVM, one in mosquitto, which inherits the limit) plus the JVM's jars.
ulimit -n "$(ulimit -Hn)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# A copy, so a build in this tree during the run cannot change the classes under the running JVM.
cp bench/target/bench.jar "$dir/"
# The heap and stack flags we ship (systemd/edge-gateway.service) except the heap cap, sized for 1,000 gateways.
# The gateways log every connect and loss at info/warn: errors only here.
java -Xss512k -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Dtinylog.level=error \
  -cp "$dir/bench.jar" org.edgegateway.bench.FleetBench --dir "$dir" "$@"
