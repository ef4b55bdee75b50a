#!/usr/bin/env bash
# Inventory and lineage costs on SQLite and on embedded PostgreSQL: bash bench/inventory.sh [APPS]
# Builds drydock-kube and drydock-server, then runs bench/InventoryLoad.java once per database.
set -euo pipefail
cd "$(dirname "$0")/.."
APPS=${1:-1000}
WORK=/tmp/bench-inventory
mkdir -p "$WORK"
./mvnw -B -q -o -pl drydock-kube,drydock-server install -DskipTests
./mvnw -B -q -o -pl drydock-server dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt"
CP="drydock-server/target/classes:$(cat "$WORK/cp.txt")"
for db in sqlite postgresql; do
  echo "== $db"
  java -cp "$CP" bench/InventoryLoad.java "$db" "$APPS" 2>/dev/null
done
