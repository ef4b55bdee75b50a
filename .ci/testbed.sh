#!/usr/bin/env bash
# Starts the real test infrastructure from ../shared/testbed and prints sourceable env lines.
#   bash .ci/testbed.sh start   -> builds images (cached), starts 3 registries, pushes images,
#                                  writes $TESTBED_DIR/drydock.env and prints it
#   bash .ci/testbed.sh stop    -> stops every registry it started
# Registries: "plain" (http, anonymous), "auth" (http + htpasswd basic auth), "tls" (https + basic auth).
# Env for tests: DRYDOCK_REGISTRY* (plain), DRYDOCK_AUTH_REGISTRY*, DRYDOCK_TLS_REGISTRY*, TESTBED_*.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# ../shared beside the checkout (as in the workspace); DRYDOCK_SHARED overrides; /work/shared is
# where the workspace keeps it when the checkout lives elsewhere (e.g. a clone under /tmp).
T=
for cand in "${DRYDOCK_SHARED:-}" "$here/../../shared" /work/shared; do
  if [ -n "$cand" ] && [ -f "$cand/testbed/registry.sh" ]; then T=$(cd "$cand" && pwd)/testbed; break; fi
done
if [ -z "$T" ]; then
  echo "testbed.sh: cannot find shared/testbed (set DRYDOCK_SHARED to the shared/ directory)" >&2
  exit 1
fi
export TESTBED_DIR=${TESTBED_DIR:-/tmp/drydock-testbed}
out="$TESTBED_DIR/drydock.env"

case "${1:-start}" in
  start)
    bash "$T/images.sh" build >&2
    bash "$T/registry.sh" start --name plain >/dev/null
    bash "$T/registry.sh" start --name auth --auth >/dev/null
    bash "$T/registry.sh" start --name tls --tls --auth >/dev/null
    for n in plain auth tls; do bash "$T/images.sh" push --name "$n" >&2; done
    {
      echo "TESTBED_DIR=$TESTBED_DIR"
      bash "$T/registry.sh" env --name plain
      bash "$T/registry.sh" env --name auth | sed 's/^DRYDOCK_REGISTRY/DRYDOCK_AUTH_REGISTRY/'
      bash "$T/registry.sh" env --name tls | sed 's/^DRYDOCK_REGISTRY/DRYDOCK_TLS_REGISTRY/'
      cat "$TESTBED_DIR/images/images.env"
    } >"$out"
    cat "$out"
    ;;
  stop)
    bash "$T/registry.sh" stop --all >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
