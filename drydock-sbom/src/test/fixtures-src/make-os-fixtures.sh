#!/usr/bin/env bash
# Regenerates the real-data dpkg fixtures under src/test/resources/dpkg/ from this Debian 12
# machine's dpkg database (dpkg-query -s prints a package's status stanza as dpkg stores it).
# Run from drydock-sbom/src/test: bash fixtures-src/make-os-fixtures.sh
# The host's versions move with its updates: after regenerating, update the versions that
# DpkgExtractorTest and OsReleaseExtractorTest assert.
set -euo pipefail
out=resources/dpkg
mkdir -p "$out/status.d"

# status-valid: real stanzas (epochs, Source with and without version, Multi-Arch same/foreign,
# arch all), then hand-written stanzas in every dpkg state to pin which ones count as installed.
{
  for p in base-files bash coreutils libc6 libssl3 login tzdata zlib1g; do
    dpkg-query -s "$p"
    echo
  done
  cat <<'STATES'
Package: state-unpacked
Status: install ok unpacked
Priority: optional
Maintainer: Drydock Tests <tests@drydock.invalid>
Architecture: amd64
Version: 1.0-1
Description: unpacked, not configured: files are on disk

Package: state-half-configured
Status: install ok half-configured
Maintainer: Drydock Tests <tests@drydock.invalid>
Architecture: amd64
Version: 1.0-1
Description: configuration failed: files are on disk

Package: state-triggers-pending
Status: install ok triggers-pending
Maintainer: Drydock Tests <tests@drydock.invalid>
Architecture: amd64
Version: 1.0-1
Triggers-Pending: ldconfig
Description: triggers pending: files are on disk

Package: state-triggers-awaited
Status: install ok triggers-awaited
Maintainer: Drydock Tests <tests@drydock.invalid>
Architecture: amd64
Version: 1.0-1
Triggers-Awaited: libc-bin
Description: triggers awaited: files are on disk

Package: state-half-installed
Status: install reinstreq half-installed
Maintainer: Drydock Tests <tests@drydock.invalid>
Architecture: amd64
Version: 1.0-1
Description: interrupted install: not counted

Package: state-config-files
Status: deinstall ok config-files
Maintainer: Drydock Tests <tests@drydock.invalid>
Architecture: amd64
Version: 1.0-1
Conffiles:
 /etc/state-config-files.conf 0123456789abcdef0123456789abcdef
Description: removed, conffiles left: not counted

Package: state-not-installed
Status: purge ok not-installed
Maintainer: Drydock Tests <tests@drydock.invalid>
Architecture: amd64
Description: purged: not counted
STATES
} >"$out/status-valid"

# distroless: one stanza per file in status.d/, no Status field, plus md5sums files.
for p in base-files libssl3 tzdata; do
  dpkg-query -s "$p" | grep -v '^Status:' >"$out/status.d/$p"
done
dpkg-query --control-show libssl3:amd64 md5sums >"$out/status.d/libssl3.md5sums" 2>/dev/null ||
  cp /var/lib/dpkg/info/libssl3:amd64.md5sums "$out/status.d/libssl3.md5sums"

cp /var/lib/dpkg/info/bash.list "$out/bash.list"
cp /var/lib/dpkg/info/libc6:amd64.list "$out/libc6_amd64.list"

# os-release of this Debian 12 machine (base-files 12.4+deb12u*)
mkdir -p resources/os-release
cp /usr/lib/os-release resources/os-release/debian-12
