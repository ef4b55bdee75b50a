#!/usr/bin/env bash
# Whole-image benchmark: pull the testbed app image (drydock/app:1.0-base-v1, 2 layers, ~53 MB
# compressed) from the plain-HTTP testbed registry into an empty OCI layout, with Drydock and with
# `skopeo copy`, in the same run (hyperfine, alternating, fresh target dir each run), and the peak
# memory of each (/usr/bin/time -v). Then the big-layer check: a 1 GiB layer copied with -Xmx128m.
#   bash bench/pull.sh [RUNS]        (default 7 runs each; needs root for apt-get the first time)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
out="$root/bench/out"
mkdir -p "$out"
command -v hyperfine >/dev/null || (apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null)
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

bash "$root/.ci/testbed.sh" start >/dev/null
set -a; . "${TESTBED_DIR:-/tmp/drydock-testbed}/drydock.env"; set +a
reg=$DRYDOCK_REGISTRY
img="$reg/drydock/app:1.0-base-v1"
(cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl drydock-cli -am package)
jar="$root/drydock-cli/target/drydock.jar"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== pull $img into an empty OCI layout ($runs runs each)"
"$root/bin/drydock" --version >/dev/null   # builds the class-data-sharing archive once
# A JDK 25+ (the java-maven machines carry Temurin's): bin/drydock on it uses an AOT cache.
jdk25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-2[5-9]* 2>/dev/null | head -1)}
extra=()
if [ -n "$jdk25" ] && [ -x "$jdk25/bin/java" ]; then
  DRYDOCK_JAVA="$jdk25/bin/java" "$root/bin/drydock" --version >/dev/null   # makes its AOT cache
  extra=(-n "drydock (bin/drydock on $(basename "$jdk25"), AOT cache)"
    "env DRYDOCK_JAVA=$jdk25/bin/java $root/bin/drydock copy $img oci:$tmp/a:app")
fi
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/pull.json" --export-markdown "$out/pull.md" \
  --prepare "rm -rf $tmp/d $tmp/j $tmp/s $tmp/a" \
  -n "drydock (bin/drydock)" "$root/bin/drydock copy $img oci:$tmp/d:app" \
  "${extra[@]}" \
  -n "drydock (java -jar, no CDS)" "java -jar $jar copy $img oci:$tmp/j:app" \
  -n skopeo "skopeo copy -q --src-tls-verify=false docker://$img oci:$tmp/s:app"

echo "== peak memory (max RSS) of one pull each"
rm -rf "$tmp/d" "$tmp/s"
/usr/bin/time -v java -jar "$jar" copy "$img" "oci:$tmp/d:app" 2>"$out/time-drydock.txt" >/dev/null
/usr/bin/time -v skopeo copy -q --src-tls-verify=false "docker://$img" "oci:$tmp/s:app" 2>"$out/time-skopeo.txt" >/dev/null
grep -H "Maximum resident" "$out/time-drydock.txt" "$out/time-skopeo.txt"
cmp "$tmp/d/blobs/sha256/${TESTBED_APP_1_0_BASE_V1_DIGEST#sha256:}" \
    "$tmp/s/blobs/sha256/${TESTBED_APP_1_0_BASE_V1_DIGEST#sha256:}" && echo "same manifest bytes as skopeo"

echo "== 1 GiB layer with -Xmx128m"
big="$tmp/big"
mkdir -p "$big/rootfs"
head -c $((1024 * 1024 * 1024)) /dev/urandom >"$big/rootfs/blob.bin"
tar -C "$big/rootfs" -cf "$big/layer.tar" .
diff_id=$(sha256sum "$big/layer.tar" | cut -d' ' -f1)
gzip -1 -c "$big/layer.tar" >"$big/layer.tar.gz"; rm -f "$big/layer.tar" "$big/rootfs/blob.bin"
lsz=$(stat -c %s "$big/layer.tar.gz"); ldg=$(sha256sum "$big/layer.tar.gz" | cut -d' ' -f1)
mkdir -p "$big/oci/blobs/sha256"; mv "$big/layer.tar.gz" "$big/oci/blobs/sha256/$ldg"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"1 GiB of random bytes"}]}' "$diff_id" >"$big/cfg"
cdg=$(sha256sum "$big/cfg" | cut -d' ' -f1); csz=$(stat -c %s "$big/cfg"); mv "$big/cfg" "$big/oci/blobs/sha256/$cdg"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' "$cdg" "$csz" "$ldg" "$lsz" >"$big/m"
mdg=$(sha256sum "$big/m" | cut -d' ' -f1); msz=$(stat -c %s "$big/m"); mv "$big/m" "$big/oci/blobs/sha256/$mdg"
printf '{"imageLayoutVersion":"1.0.0"}' >"$big/oci/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"big"}}]}' "$mdg" "$msz" >"$big/oci/index.json"
java -Xmx128m -jar "$jar" copy "oci:$big/oci:big" "$reg/drydock/big:1" >/dev/null
rm -rf "$tmp/d"
/usr/bin/time -v java -Xmx128m -jar "$jar" copy "$reg/drydock/big:1" "oci:$tmp/d:big" 2>"$out/time-big.txt" >/dev/null
echo "pull of a 1 GiB layer with -Xmx128m: $(grep 'Maximum resident' "$out/time-big.txt"), $(grep 'Elapsed' "$out/time-big.txt")"
/usr/bin/time -v java -Xmx128m -jar "$jar" validate "oci:$tmp/d:big" 2>"$out/time-big-validate.txt" | tail -1
echo "validate (gunzip + tar walk + digest and diffID checks) of the 1 GiB layer with -Xmx128m: $(grep 'Maximum resident' "$out/time-big-validate.txt"), $(grep 'Elapsed' "$out/time-big-validate.txt")"
rm -rf "$tmp/d"
echo "== pull of the 1 GiB image, drydock vs skopeo (3 runs each)"
hyperfine -N --runs 3 --export-markdown "$out/pull-big.md" --prepare "rm -rf $tmp/d $tmp/s" \
  -n drydock "$root/bin/drydock copy $reg/drydock/big:1 oci:$tmp/d:big" \
  -n skopeo "skopeo copy -q --src-tls-verify=false docker://$reg/drydock/big:1 oci:$tmp/s:big"
