#!/usr/bin/env bash
# Rebuilds examples/demo-image, the small OCI image layout README's first command inspects (and
# scans): a Debian 12 base layer (real os-release and dpkg status entries from a debootstrap
# of bookworm) and an app layer (a fat jar around the real log4j-core 2.14.1 from Maven Central, real lodash 4.17.15 and
# minimist 1.2.5 package metadata from npm). Deterministic: same inputs, same digests.
# Needs GNU tar, gzip, sha256sum; run from anywhere.
set -euo pipefail
ex=$(cd "$(dirname "$0")" && pwd)
src="$ex/demo-src"
out="$ex/demo-image"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
mkdir -p "$work/blobs/sha256"

sha() { sha256sum "$1" | cut -d' ' -f1; }
blob() { local h; h=$(sha "$1"); cp "$1" "$work/blobs/sha256/$h"; echo "$h"; }

layer() { # layer NAME DIR -> sets L_DIGEST L_DIFF L_SIZE
  tar --sort=name --mtime='2024-06-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
      --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
      -C "$2" -cf "$work/$1.tar" .
  L_DIFF=$(sha "$work/$1.tar")
  gzip -n -9 -c "$work/$1.tar" >"$work/$1.tar.gz"
  L_SIZE=$(stat -c %s "$work/$1.tar.gz")
  L_DIGEST=$(blob "$work/$1.tar.gz")
}

# The app layer: demo-src/app plus opt/app/app.jar, a Spring-Boot-style fat jar (nested jars stored
# under BOOT-INF/lib, as Spring Boot does) holding the real log4j-core 2.14.1 from Maven Central.
cp -r "$src/app" "$work/app"
python3 - "$src/artifacts/log4j-core-2.14.1.jar" "$work/app/opt/app/app.jar" <<'PY'
import sys, zipfile
log4j, out = sys.argv[1], sys.argv[2]
when = (2024, 6, 1, 0, 0, 0)
def put(z, name, data, method):
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = method
    info.external_attr = 0o644 << 16
    z.writestr(info, data)
with zipfile.ZipFile(out, "w") as z:
    put(z, "META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\r\nMain-Class: org.springframework.boot.loader.JarLauncher\r\nStart-Class: com.example.demo.App\r\nImplementation-Title: demo-app\r\nImplementation-Version: 1.0.0\r\n\r\n", zipfile.ZIP_DEFLATED)
    put(z, "META-INF/maven/com.example/demo-app/pom.properties", b"groupId=com.example\nartifactId=demo-app\nversion=1.0.0\n", zipfile.ZIP_DEFLATED)
    put(z, "BOOT-INF/classes/com/example/demo/App.class", b"\xca\xfe\xba\xbe", zipfile.ZIP_DEFLATED)
    put(z, "BOOT-INF/lib/log4j-core-2.14.1.jar", open(log4j, "rb").read(), zipfile.ZIP_STORED)
PY

layer base "$src/base"; B_DIGEST=$L_DIGEST B_DIFF=$L_DIFF B_SIZE=$L_SIZE
layer app "$work/app"; A_DIGEST=$L_DIGEST A_DIFF=$L_DIFF A_SIZE=$L_SIZE

cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"2024-06-01T00:00:00Z","config":{"User":"1000","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_OPTS=-Xmx256m"],"Entrypoint":["java","-jar","/opt/app/app.jar"],"WorkingDir":"/opt/app","Labels":{"org.opencontainers.image.base.name":"docker.io/library/debian:bookworm","org.opencontainers.image.source":"https://example.com/drydock-demo"}},"rootfs":{"type":"layers","diff_ids":["sha256:$B_DIFF","sha256:$A_DIFF"]},"history":[{"created":"2024-06-01T00:00:00Z","created_by":"# debian:bookworm (excerpt of a debootstrap minbase: os-release and dpkg status)"},{"created":"2024-06-01T00:00:00Z","created_by":"ENV JAVA_OPTS=-Xmx256m","empty_layer":true},{"created":"2024-06-01T00:00:00Z","created_by":"COPY app/ /opt/app/ # app.jar (log4j-core 2.14.1 inside), lodash 4.17.15, minimist 1.2.5"}]}
JSON
printf '%s' "$(tr -d '\n' <"$work/config.json")" >"$work/config.min.json"
C_DIGEST=$(blob "$work/config.min.json"); C_SIZE=$(stat -c %s "$work/config.min.json")

printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$C_DIGEST\",\"size\":$C_SIZE},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$B_DIGEST\",\"size\":$B_SIZE},{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$A_DIGEST\",\"size\":$A_SIZE}],\"annotations\":{\"org.opencontainers.image.base.name\":\"docker.io/library/debian:bookworm\",\"org.opencontainers.image.title\":\"drydock-demo\"}}" >"$work/manifest.json"
M_DIGEST=$(blob "$work/manifest.json"); M_SIZE=$(stat -c %s "$work/manifest.json")

printf '%s' '{"imageLayoutVersion":"1.0.0"}' >"$work/oci-layout"
printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$M_DIGEST\",\"size\":$M_SIZE,\"annotations\":{\"org.opencontainers.image.ref.name\":\"demo\"}}]}" >"$work/index.json"

rm -rf "$out.new"; mkdir -p "$out.new/blobs"
cp -r "$work/blobs/sha256" "$out.new/blobs/"; cp "$work/oci-layout" "$work/index.json" "$out.new/"
rm -rf "$out"; mv "$out.new" "$out"
echo "examples/demo-image: manifest sha256:$M_DIGEST"
