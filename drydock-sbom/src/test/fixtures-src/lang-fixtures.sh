#!/usr/bin/env bash
# Regenerates the real-data fixtures of the lang/npm and lang/python extractor tests.
# Run from anywhere on Debian 12 with python3-yaml, python3-lazr.uri, python3-six and
# python3-apt installed, and npm (which reaches the npm registry).
set -euo pipefail
cd "$(dirname "$0")/../../.."
py=src/test/resources/python
npmdir=src/test/resources/npm
mkdir -p "$py" "$npmdir"

# Python core metadata exactly as Debian 12's packages install it
cp /usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA "$py/PyYAML-6.0.dist-info.METADATA"
cp /usr/lib/python3/dist-packages/lazr.uri-1.0.6.egg-info/PKG-INFO "$py/lazr.uri-1.0.6.egg-info.PKG-INFO"
cp /usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO "$py/six-1.16.0.egg-info.PKG-INFO"
cp /usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info/PKG-INFO "$py/python_apt-2.6.0.egg-info.PKG-INFO"

# npm: a scoped package (its tarball root is ms/, not package/) and an old package without a
# license field, as published
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @types/ms@0.7.34 >/dev/null && npm pack --silent uid2@0.0.3 >/dev/null)
tar -xzf "$tmp"/types-ms-0.7.34.tgz -C "$tmp" ms/package.json
mv "$tmp"/ms/package.json "$npmdir/types-ms-0.7.34.package.json"
tar -xzf "$tmp"/uid2-0.0.3.tgz -C "$tmp" package/package.json
mv "$tmp"/package/package.json "$npmdir/uid2-0.0.3.package.json"
