#!/usr/bin/env bash
# Package lookups/s through the matchers (JMH): bash bench/match-throughput.sh [JMH args…]
# Builds drydock-vuln, a synthetic store (100k records from bench/synth_osv.py + the real ones)
# under /tmp/bench-match once, compiles bench/MatchThroughput.java with JMH's annotation processor
# and runs it. Needs jmh-core and jmh-generator-annprocess 1.37 in ~/.m2 (fetch once with
# ./mvnw dependency:get -Dartifact=org.openjdk.jmh:jmh-generator-annprocess:1.37).
set -euo pipefail
cd "$(dirname "$0")/.."
ADV=${ADVISORIES:-../shared/advisories}
[ -d "$ADV" ] || ADV=/work/shared/advisories
WORK=/tmp/bench-match
mkdir -p "$WORK"
./mvnw -B -q -o -pl drydock-vuln -am install -DskipTests
./mvnw -B -q -o -pl drydock-vuln dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt"
M2=~/.m2/repository
JMH="$M2/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar:$M2/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar:$M2/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
GEN="$M2/org/openjdk/jmh/jmh-generator-annprocess/1.37/jmh-generator-annprocess-1.37.jar"
CP="drydock-vuln/target/classes:$(cat "$WORK/cp.txt"):$JMH"
[ -f "$WORK/all.zip" ] || python3 bench/synth_osv.py "$ADV" 100000 "$WORK/all.zip"
rm -rf "$WORK/classes" && mkdir -p "$WORK/classes"
javac -q -cp "$CP" -processorpath "$GEN:$JMH" -d "$WORK/classes" bench/MatchThroughput.java 2>/dev/null \
  || javac -cp "$CP" -processorpath "$GEN:$JMH" -d "$WORK/classes" bench/MatchThroughput.java
java -cp "$WORK/classes:$CP" org.openjdk.jmh.Main MatchThroughput \
  -p advisories="$(cd "$ADV" && pwd)" -p db="$WORK/db/advisories.db" -p synthetic="$WORK/all.zip" "$@"
