#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The full-length reliability runs of docs/RELIABILITY.md: the fault scenarios at full length (flapping 2 min,
# outages of 30-60 s), 50 SIGKILLs of the whole gateway, the security tests, then every fuzz target for real
# (JAZZER_FUZZ=1, 5 min each: @FuzzTest's default maxDuration). Figures end up in
# gateway/target/reliability/figures.txt; fuzzing logs in target/reliability-fuzz/. Needs mosquitto, socat, openssl.
#   bench/reliability-full.sh            # everything (about 35 minutes on 2 cores)
#   bench/reliability-full.sh --no-fuzz  # scenarios, crash and security only
set -euo pipefail
cd "$(dirname "$0")/.."

rm -f gateway/target/reliability/figures.txt
mvn -B -pl gateway -am test -Dtest='Reliab*,Security*' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dreliability.full=true

if [[ "${1:-}" != "--no-fuzz" ]]; then
  mkdir -p target/reliability-fuzz
  for target in drivers:FuzzModbusReplyTest gateway:FuzzConfigLoaderTest gateway:FuzzCommandParserTest \
      gateway:FuzzSenmlRoundTripTest; do
    module=${target%%:*}
    test=${target##*:}
    echo "fuzzing $test for 5 minutes"
    # A finding fails the run and is written next to the seeds (src/test/resources/.../<Test>Inputs/): keep it there
    # as a regression input, fix the code, and run again.
    JAZZER_FUZZ=1 mvn -B -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      > "target/reliability-fuzz/$test.log" 2>&1 \
      || echo "FINDING in $test: see target/reliability-fuzz/$test.log"
    grep -a -E 'Done [0-9]+ runs' "target/reliability-fuzz/$test.log" | tail -1 || true
  done
fi
cat gateway/target/reliability/figures.txt
