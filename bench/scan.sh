#!/usr/bin/env bash
# Whole-image scan benchmark (issue 5), in one run on the testbed registry (plain HTTP, loopback):
#  1. the physical limit: fetching and gunzipping the app image's layers with curl and gzip;
#  2. a cold `drydock scan` of the app image (empty layer cache) — ratio to the physical limit;
#  3. a warm rescan (all layers cached);
#  4. the app on the updated base (v2) after the app on v1 was scanned (shared layers cached);
#  5. peak memory of the cold scan.
# All timings interleaved (bench/interleave.py). Advisories: ../shared/advisories imported once.
#   bash bench/scan.sh [RUNS]        (default 11 rounds)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-11}
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

bash "$root/.ci/testbed.sh" start >/dev/null
set -a; . "${TESTBED_DIR:-/tmp/drydock-testbed}/drydock.env"; set +a
(cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl drydock-cli -am package)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dd="$root/bin/drydock"
"$dd" --version >/dev/null
shared=$(cd "$root/.." && pwd)/shared
[ -d "$shared/advisories" ] || shared=/work/shared
"$dd" db import --db-dir "$tmp/db" "$shared/advisories" >/dev/null

reg=$DRYDOCK_REGISTRY
v1="$reg/drydock/app:1.0-base-v1"
v2="$reg/drydock/app:1.0-base-v2"
layers=$(curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$reg/v2/drydock/app/manifests/1.0-base-v1" \
  | python3 -c 'import json,sys; print(" ".join(l["digest"] for l in json.load(sys.stdin)["layers"]))')
fetch="for d in $layers; do curl -s http://$reg/v2/drydock/app/blobs/\$d | gzip -dc >/dev/null; done"
scan="$dd scan --db-dir $tmp/db --exit-code 0 -f json -o $tmp/out.json"

# A JDK 25+ (the java-maven machines carry Temurin's): bin/drydock on it uses an AOT cache, timed
# beside the default java when present.
jdk25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-2[5-9]* 2>/dev/null | head -1)}
extra=()
extra2=()
if [ -n "$jdk25" ] && [ -x "$jdk25/bin/java" ]; then
  DRYDOCK_JAVA="$jdk25/bin/java" "$dd" --version >/dev/null   # makes its AOT cache once
  scan25="env DRYDOCK_JAVA=$jdk25/bin/java $scan"
  j=$(basename "$jdk25")
  extra=("warm rescan (layers cached) [$j]=$scan25 --cache-dir $tmp/warm $v1"
    "cold scan (empty cache) [$j]=$scan25 --cache-dir $tmp/cold25 $v1")
  extra2=("app on v2, v1 scanned before [$j]=$scan25 --cache-dir $tmp/upd25 $v2"
    "cold scan of app on v2 [$j]=$scan25 --cache-dir $tmp/cold2 --no-cache $v2")
fi

echo "== cold scan vs physical limit vs warm rescan, $runs interleaved rounds ($v1)"
"$dd" scan --db-dir "$tmp/db" --cache-dir "$tmp/warm" "$v1" -o "$tmp/w.json"
PREPARE="rm -rf $tmp/cold $tmp/cold25" python3 "$root/bench/interleave.py" "$runs" \
  "warm rescan (layers cached)=$scan --cache-dir $tmp/warm $v1" \
  "cold scan (empty cache)=$scan --cache-dir $tmp/cold $v1" \
  "${extra[@]}" \
  "physical limit (curl | gzip -dc, layers in turn)=bash -c '$fetch'"

echo "== app on the updated base after the app on v1 was scanned ($v2), $runs interleaved rounds"
PREPARE="rm -rf $tmp/upd $tmp/upd25 && $scan --cache-dir $tmp/upd $v1 && cp -r $tmp/upd $tmp/upd25" python3 "$root/bench/interleave.py" "$runs" \
  "app on v2, v1 scanned before=$scan --cache-dir $tmp/upd $v2" \
  "${extra2[@]}" \
  "cold scan of app on v2=$scan --cache-dir $tmp/cold2 --no-cache $v2"

echo "== peak memory of a cold scan"
rm -rf "$tmp/cold"
/usr/bin/time -f "  drydock scan (cold): %e s, max RSS %M KB" $scan --cache-dir "$tmp/cold" "$v1"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('  findings:', len(d['findings']), sorted({f['id'] for f in d['findings']}))" "$tmp/out.json"
