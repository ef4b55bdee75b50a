#!/usr/bin/env bash
# Tests of the launcher (bin/drydock) itself, run by .ci/run after the build (the jar exists):
#  - which java it runs (DRYDOCK_JAVA, JAVA_HOME, PATH) and the one-line error when there is none;
#  - the start-up archive it makes per JDK (CDS on JDK 17-24, the AOT cache on JDK 25+), that the
#    JVM really maps it, and that a rebuilt jar makes it again.
# Every JDK 25+ under /usr/lib/jvm is tried too (the java-maven machines carry Temurin 25).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dd="$root/bin/drydock"
jar="$root/drydock-cli/target/drydock.jar"
target="$root/drydock-cli/target"
fail() { echo "launcher-test: FAIL: $*" >&2; exit 1; }
[ -f "$jar" ] || fail "no $jar (run the build first)"

# No java where it is told to look: one line naming it, exit 1, nothing on stdout.
set +e
out=$(DRYDOCK_JAVA=/nonexistent/java "$dd" --version 2>/tmp/launcher-err); rc=$?
set -e
[ "$rc" = 1 ] || fail "DRYDOCK_JAVA=/nonexistent: exit $rc, expected 1"
[ -z "$out" ] || fail "DRYDOCK_JAVA=/nonexistent: printed on stdout: $out"
[ "$(wc -l </tmp/launcher-err)" = 1 ] || fail "DRYDOCK_JAVA=/nonexistent: not one line: $(cat /tmp/launcher-err)"
grep -q "/nonexistent/java" /tmp/launcher-err || fail "the error does not name the java: $(cat /tmp/launcher-err)"

# check JAVA_HOME EXPECTED_FEATURE ARCHIVE_SUFFIX LOG_TAG MAPPED_PATTERN
check() {
  local home=$1 feature=$2 suffix=$3 tag=$4 mapped=$5
  rm -f "$target"/drydock-*."$suffix"
  JAVA_HOME=$home "$dd" --version >/tmp/launcher-out 2>&1 || fail "$home: --version failed: $(cat /tmp/launcher-out)"
  grep -q "^java $feature\." /tmp/launcher-out || fail "$home: not run on JDK $feature: $(cat /tmp/launcher-out)"
  grep -qi "warning" /tmp/launcher-out && fail "$home: warnings on a plain run: $(cat /tmp/launcher-out)"
  local archive
  archive=$(ls "$target"/drydock-*."$suffix" 2>/dev/null | head -1)
  [ -n "$archive" ] || fail "$home: no .$suffix archive made"
  # The JVM maps it (a later -Xlog overrides the launcher's quiet one).
  JAVA_HOME=$home DRYDOCK_JAVA_OPTS="-Xlog:$tag=info" "$dd" --version >/tmp/launcher-log 2>&1
  grep -q "$mapped $archive" /tmp/launcher-log || fail "$home: $archive not used: $(grep "$tag" /tmp/launcher-log | tail -3)"
  # A rebuilt jar makes a new archive (an old one would be refused by the JVM, silently).
  local before
  before=$(stat -c %Y "$archive")
  sleep 1.1
  touch "$jar"
  JAVA_HOME=$home "$dd" --version >/dev/null 2>&1 || fail "$home: --version after touching the jar failed"
  [ -f "$archive" ] && [ "$(stat -c %Y "$archive")" -gt "$before" ] || fail "$home: archive not remade for a newer jar"
  echo "launcher-test: ok: JDK $feature ($home): $(basename "$archive") made, mapped and remade"
}

default_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
default_feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$default_home/release")
if [ "$default_feature" -ge 25 ]; then
  check "$default_home" "$default_feature" aot aot "Opened AOT cache"
else
  check "$default_home" "$default_feature" jsa cds "Opened archive"
fi
for home in /usr/lib/jvm/*; do
  [ -f "$home/release" ] && [ -x "$home/bin/java" ] || continue
  [ "$(readlink -f "$home")" = "$(readlink -f "$default_home")" ] && continue
  f=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  [ -n "$f" ] && [ "$f" -ge 25 ] || continue
  check "$home" "$f" aot aot "Opened AOT cache"
done
echo "launcher-test: all passed"
