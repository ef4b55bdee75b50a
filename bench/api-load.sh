#!/usr/bin/env bash
# Server API latency under a fixed request rate (open loop, bench/ApiLoad.java) on a database
# filled with 1,000 images x 50-300 findings (bench/ApiFill.java, ~170,000 findings), on SQLite and
# on PostgreSQL (embedded, bench/EmbeddedPg.java).
#   bash bench/api-load.sh [sqlite|postgresql|both]       (default both)
# Env: RATE (200), DURATION (s, 60), WARMUP (s, 10), CONNS (16), IMAGES (1000),
#      SERVER_OPTS (JVM options of the server, default "-Xms512m -Xmx512m -XX:+UseG1GC"), KEEP=1,
#      TIMELINE=1 (also print, per second, the requests slower than 50 ms and the slowest).
# Requests, in turn: GET /api/v1/images, /api/v1/findings?severity=CRITICAL,
# /api/v1/images/{digest}/findings. Output: per-path and overall p50/p99/max, RESULT lines.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
which=${1:-both}
rate=${RATE:-200}
duration=${DURATION:-60}
warmup=${WARMUP:-10}
conns=${CONNS:-16}
images=${IMAGES:-1000}
server_opts=${SERVER_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC}

bin/drydock --version >/dev/null   # builds the jar when sources changed
work=$(mktemp -d "${TMPDIR:-/tmp}/api-load.XXXXXX")
cp drydock-cli/target/drydock.jar "$work/drydock.jar"
jar=$work/drydock.jar
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "work dir kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

run() { # VENDOR URL
  local vendor=$1 url=$2 port
  echo "== $vendor: filling $images images" >&2
  java -cp "$jar" bench/ApiFill.java "$url" "$images" >"$work/$vendor.fill"
  local token digest
  token=$(sed -n 1p "$work/$vendor.fill")
  digest=$(sed -n 2p "$work/$vendor.fill")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # shellcheck disable=SC2086
  java $server_opts -jar "$jar" server --db-url "$url" --listen "127.0.0.1:$port" \
    --data-dir "$work/$vendor" --db-dir "$work/db" --update-every 0s >"$work/$vendor.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  echo "== $vendor: $rate req/s for $duration s (+$warmup s warm-up), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  java bench/ApiLoad.java "http://127.0.0.1:$port" "$token" "$rate" "$duration" "$warmup" "$conns" \
    /api/v1/images "/api/v1/findings?severity=CRITICAL" "/api/v1/images/$digest/findings" \
    | sed "s/^RESULT /RESULT vendor=$vendor /"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  run sqlite "jdbc:sqlite:$work/sqlite.db"
fi
if [ "$which" = postgresql ] || [ "$which" = both ]; then
  ./mvnw -B -q -o dependency:build-classpath -pl drydock-server -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null
  mkfifo "$work/pg.in"
  java -cp "$(cat "$work/cp.txt")" bench/EmbeddedPg.java drydock_bench <"$work/pg.in" >"$work/pg.url" 2>"$work/pg.log" &
  pids+=($!)
  exec 7>"$work/pg.in"
  for _ in $(seq 1 120); do [ -s "$work/pg.url" ] && break; sleep 0.5; done
  run postgresql "$(cat "$work/pg.url")"
  exec 7>&-
fi
