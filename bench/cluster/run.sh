#!/usr/bin/env bash
# Runs the chaos harness (dev.likeness.bench.cluster.ChaosHarness): brokers and nodes as processes
# on 127.0.0.1, under ingest and search load, through the fault schedule. See README.md here.
#
#   bench/cluster/run.sh [HARNESS FLAGS...]        e.g. --cycles 3, --faults NODE_KILL,BROKER_KILL
#
# Builds the bench module (and what it needs) first if it has not been built, or if BUILD=1.
# MVN_FLAGS adds Maven flags to that build (e.g. MVN_FLAGS=-o to build offline).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ -n "${BUILD:-}" ] || [ ! -f bench/target/classes/dev/likeness/bench/cluster/ChaosHarness.class ] \
  || [ ! -d bench/target/lib ]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q ${MVN_FLAGS:-} -pl bench -am package -DskipTests
fi
exec java ${CHAOS_JAVA_OPTS:--Xmx512m} \
  -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "bench/target/classes:bench/target/lib/*" \
  dev.likeness.bench.cluster.ChaosHarness "$@"
