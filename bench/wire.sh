#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Section 4 of docs/BENCHMARKS.md: bytes on the wire per reading, SenML CBOR and JSON packs from the gateway's
# encoder at pack sizes 1, 10, 50, 200 and as shipped (<= 1024 B), against one JSON object per reading in its own
# MQTT message (WireBytes; deterministic: the same readings give the same bytes); then the time to encode 50
# readings (JMH EncodeBench, 1 fork), baseline and subjects interleaved over several rounds, medians.
#   flock /tmp/bench.lock bash bench/wire.sh          # about 2 minutes on 2 cores
#   flock /tmp/bench.lock bash bench/wire.sh --quick  # about 30 s
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

build_bench_jar

minutes=10
rounds=3
jmh=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
if [[ "${1:-}" == "--quick" ]]; then
  minutes=3
  rounds=1
  jmh=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
fi

java -cp "$jar" org.edgegateway.bench.WireBytes "$minutes"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
formats=(json-objects senml-cbor senml-json)
for round in $(seq "$rounds"); do
  for f in "${formats[@]}"; do
    java -jar "$jar" EncodeBench -p format="$f" "${jmh[@]}" -rf csv -rff "$tmp/$round-$f.csv" \
      > "$tmp/$round-$f.log" 2>&1 || { cat "$tmp/$round-$f.log"; exit 1; }
  done
done

median() { # the median score (column 5 of JMH's CSV) of one format over the rounds
  for round in $(seq "$rounds"); do tail -1 "$tmp/$round-$1.csv" | cut -d, -f5; done | sort -g \
    | sed -n "$(( (rounds + 1) / 2 ))p"
}
echo
echo "## encode 50 readings of the site mix (JMH avgt, ${jmh[*]}; $rounds rounds: baseline, cbor, json; medians)"
base=$(median json-objects)
printf '%-28s %12s %14s\n' "format" "us/50 readings" "vs baseline"
for f in "${formats[@]}"; do
  m=$(median "$f")
  printf '%-28s %12.2f %14.2f\n' "$f" "$m" "$(awk -v m="$m" -v b="$base" 'BEGIN { print m / b }')"
done
echo "# baseline json-objects: 50 JSON objects, one per reading (the common gateway format)"
