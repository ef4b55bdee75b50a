#!/usr/bin/env bash
# Whole-image benchmark of `drydock rebase`: the testbed app (drydock/app:1.0-base-v1) moved from
# debian:bookworm-v1 to debian:bookworm-v2 in the plain-HTTP testbed registry.
#   * fresh: each run writes a new repository (bench-rebase/N), so every blob is mounted across
#     repositories (3 layers) or uploaded (the new config) and the tag is set;
#   * no-op: the tag already points at the result ("already up to date": resolves and plans only).
#   bash bench/rebase.sh [RUNS]        (default 7 runs each)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
out="$root/bench/out"
mkdir -p "$out"
command -v hyperfine >/dev/null || (apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null)

bash "$root/.ci/testbed.sh" start >/dev/null
set -a; . "${TESTBED_DIR:-/tmp/drydock-testbed}/drydock.env"; set +a
reg=$DRYDOCK_REGISTRY
(cd "$root" && ./mvnw -q -B -o -DskipTests -Dspotless.check.skip=true -pl drydock-cli -am package)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo 0 >"$tmp/n"

dd="$root/bin/drydock"
"$dd" --version >/dev/null   # builds the class-data-sharing archive once
args="$reg/drydock/app:1.0-base-v1 --old-base $reg/debian:bookworm-v1 --new-base $reg/debian:bookworm-v2"
run_id="bench-$(date +%s)"

echo "== rebase into a fresh repository ($runs runs)"
hyperfine --warmup 1 --runs "$runs" --export-json "$out/rebase-fresh.json" \
  -n "drydock rebase (fresh repo)" \
  "n=\$((\$(cat $tmp/n) + 1)); echo \$n >$tmp/n; $dd rebase $args --tag $reg/bench-rebase/$run_id-\$n:rebased >/dev/null 2>&1"

echo "== rebase when the tag is already current ($runs runs)"
"$dd" rebase $args --tag "$reg/bench-rebase/$run_id-noop:rebased" 2>/dev/null
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/rebase-noop.json" \
  -n "drydock rebase (already up to date)" \
  "$dd rebase $args --tag $reg/bench-rebase/$run_id-noop:rebased"

echo "== one run's report"
"$dd" rebase $args --tag "$reg/bench-rebase/$run_id-report:rebased" -f json
