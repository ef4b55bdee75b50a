#!/usr/bin/env bash
# Server re-evaluation: `reevaluate all` over N stored SBOMs on SQLite and embedded PostgreSQL.
#   bash bench/server-reevaluate.sh [N=1000] [SQLITE,POSTGRESQL] [match threads=2]
# Needs the testbed images (bash .ci/testbed.sh start builds them; the registry is not used).
# Builds drydock-sbom, drydock-refresh and drydock-server, then runs
# io.drydock.server.scan.ReevaluationBenchmark (drydock-server/src/test) on the test classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=/tmp/bench-server-reevaluate
mkdir -p "$WORK"
./mvnw -B -q -o install -pl drydock-sbom,drydock-refresh -DskipTests
./mvnw -B -q -o -pl drydock-server test-compile
./mvnw -B -q -o -pl drydock-server dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt"
CP="drydock-server/target/test-classes:drydock-server/target/classes"
CP="$CP:drydock-sbom/target/classes:drydock-refresh/target/classes:$(cat "$WORK/cp.txt")"
exec java -Xmx1g -cp "$CP" io.drydock.server.scan.ReevaluationBenchmark "$@"
