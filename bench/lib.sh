# SPDX-License-Identifier: Apache-2.0
# Sourced by the benchmark scripts, from the repository root: the jar they run, and its build when it is missing or
# older than any of its sources (the gateway's test helpers included, since the bench uses them).
jar=bench/target/bench.jar

build_bench_jar() {
  if [[ ! -f $jar ]] || [[ -n "$(find pom.xml drivers/src gateway/src bench/src bench/pom.xml -newer "$jar" -type f \
      -print -quit)" ]]; then
    mvn -B -q -ntp package -DskipTests
  fi
}
