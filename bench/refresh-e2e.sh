#!/usr/bin/env bash
# Time from a base image push to the patched Deployment, through the refresh daemon (rebase path).
# Runs the end-to-end test RefreshDaemonTest N times (default 5): a dedicated testbed registry sends
# a CNCF distribution push notification when images.sh update-base moves debian:bookworm to v2;
# `drydock refresh` (own JVM) rebases the app, scans it, evaluates the policy, signs and attests
# it, tags it and patches the Deployment in the fabric8 mock cluster, then follows the rollout.
# Prints one line per run: push duration, push end → Deployment patched, and the daemon's own
# per-stage times (detect, rebase, scan, sign, rollout).
# Usage (repository root, testbed running: bash .ci/testbed.sh start): bash bench/refresh-e2e.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
./mvnw -B -q -o install -DskipTests >/dev/null
for i in $(seq 1 "$n"); do
  ./mvnw -B -q -o test -pl drydock-cli -Dtest=RefreshDaemonTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
  out=drydock-cli/target/surefire-reports/io.drydock.cli.RefreshDaemonTest-output.txt
  t=$(grep -m1 'refresh-daemon-timing' "$out")
  s=$(grep -m1 -A1 'refresh-daemon-timing' "$out" | tail -1 | grep -o '(detect.*)' || true)
  echo "run $i: ${t#refresh-daemon-timing: } $s"
done
