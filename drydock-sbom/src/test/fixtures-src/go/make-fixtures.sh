#!/usr/bin/env bash
# Builds the Go binaries under src/test/resources/go/ that GoBinaryExtractorTest reads, and records
# `go version -m` for each next to it (<binary>.version-m.txt) as the expected build info.
#
# Needs Go >= 1.18 and no network: Debian 12 has Go 1.19 (apt-get install -y golang-go).
# example.com/greet is served by a file:// module proxy built here from ./greet, so the binary
# records a normal "dep example.com/greet v1.2.3 h1:..." line; example.com/local is replaced by a
# directory, so it records "dep example.com/local v0.1.0" followed by "=> ./local (devel)".
#
# Run from anywhere: drydock-sbom/src/test/fixtures-src/go/make-fixtures.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../resources/go"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# 1. A file:// module proxy holding example.com/greet v1.2.3 (layout: <module>/@v/{list,.info,.mod,.zip}).
proxy="$work/proxy"
mod="example.com/greet"
ver="v1.2.3"
mkdir -p "$proxy/$mod/@v" "$work/zip/$mod@$ver"
cp "$here/greet/go.mod" "$here/greet/greet.go" "$work/zip/$mod@$ver/"
echo "$ver" > "$proxy/$mod/@v/list"
echo "{\"Version\":\"$ver\",\"Time\":\"2024-01-02T03:04:05Z\"}" > "$proxy/$mod/@v/$ver.info"
cp "$here/greet/go.mod" "$proxy/$mod/@v/$ver.mod"
(cd "$work/zip" && TZ=UTC find . -exec touch -t 202401020304 {} + && zip -q -X -r "$proxy/$mod/@v/$ver.zip" "$mod@$ver")

# 2. Build the app for 64/32-bit, little/big-endian targets.
cp -r "$here/app" "$work/app"
export GOPATH="$work/gopath" GOMODCACHE="$work/gopath/pkg/mod" GOCACHE="$work/gocache"
export GOPROXY="file://$proxy" GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
cd "$work/app"
go mod tidy
for arch in amd64 386 s390x mips; do
  bin="$out/hello-linux-$arch"
  GOOS=linux GOARCH=$arch go build -trimpath -ldflags='-s -w -buildid=' -o "$bin" .
  go version -m "$bin" | sed "1s|^[^:]*:|hello-linux-$arch:|" > "$bin.version-m.txt"
done
ls -l "$out"
