#!/usr/bin/env bash
# Starts the real test infrastructure from ../shared/testbed and prints sourceable env lines.
#   bash .ci/testbed.sh start   -> builds images (cached), starts 3 registries, pushes images,
#                                  writes $TESTBED_DIR/drydock.env and prints it
#   bash .ci/testbed.sh stop    -> stops every registry it started
# Registries: "plain" (http, anonymous), "auth" (http + htpasswd basic auth), "tls" (https + basic auth).
# Env for tests: DRYDOCK_REGISTRY* (plain), DRYDOCK_AUTH_REGISTRY*, DRYDOCK_TLS_REGISTRY*, TESTBED_*.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
T=${DRYDOCK_SHARED:-$(cd "$here/../.." && pwd)/shared}/testbed
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
