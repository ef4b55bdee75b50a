#!/usr/bin/env bash
# Admission webhook latency under fixed request rates (open loop, bench/AdmissionLoad.java), for
# cached decisions and for cold ones (every cache TTL 0: each request re-resolves the tag and
# re-verifies signature + attestation against the testbed registry; requests that waited on the
# same tag HEAD share one evaluation, see BENCHMARKS.md).
#   bash bench/admission-load.sh [RUNS]          (default 2 runs of every configuration)
# Env: DURATION (s, default 20), WARMUP (s, default 5), CONNS (keep-alive connections, 32),
#      CACHED_RATES ("100 500 1000"; "" skips the phase), COLD_RATES ("10 100 500"; 1000 does not hold, see
#      BENCHMARKS.md), COLD_DIGEST_RATES ("10 50"), SERVER_OPTS (JVM options of the server;
#      default "-Xms256m -Xmx256m -XX:+UseG1GC"), KEEP=1 keeps the work dir (logs, GC logs,
#      fixtures, registry requests by kind).
# Output: a table on stdout; every raw result line and the server logs under $work (printed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-2}
duration=${DURATION:-20}
warmup=${WARMUP:-5}
cached_rates=${CACHED_RATES-100 500 1000}
cold_rates=${COLD_RATES-10 100 500}
server_opts=${SERVER_OPTS:--Xms256m -Xmx256m -XX:+UseG1GC}

bash .ci/testbed.sh start >/dev/null
set -a; . "${TESTBED_DIR:-/tmp/drydock-testbed}/drydock.env"; set +a
reg=$DRYDOCK_REGISTRY
reglog=$DRYDOCK_REGISTRY_LOG

# Build the jar if sources changed (bin/drydock does), then work on a private copy of it: another
# build in this tree must not swap the jar under a running server.
bin/drydock --version >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/admission-load.XXXXXX")
cp drydock-cli/target/drydock.jar "$work/drydock.jar"
jar=$work/drydock.jar
dry() { java -Xmx512m -jar "$jar" "$@"; }

server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
cleanup() {
  stop_server
  if [ "${KEEP:-0}" = 1 ]; then echo "work dir kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

echo "== setup: key pair, advisories DB, signed + attested copy of debian:bookworm-v1" >&2
adv=
for cand in "${ADVISORIES:-}" ../shared/advisories /work/shared/advisories; do
  if [ -n "$cand" ] && [ -d "$cand" ]; then adv=$(cd "$cand" && pwd); break; fi
done
[ -n "$adv" ] || { echo "no shared/advisories directory (set ADVISORIES)" >&2; exit 1; }
printf 's3cret\n' >"$work/password"
dry generate-key-pair --output-key-prefix "$work/trusted" --key-password-file "$work/password" >/dev/null
dry db import --db-dir "$work/db" "$adv" >/dev/null
repo="$reg/admission-bench-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')/clean"
image="$repo:1"
dry copy "docker://$reg/debian:bookworm-v1" "$image" >/dev/null
dry sign "$image" --key "$work/trusted.key" --key-password-file "$work/password" >/dev/null
dry attest "$image" --key "$work/trusted.key" --key-password-file "$work/password" \
  --scan --db-dir "$work/db" --cache-dir "$work/cache" >/dev/null
digest=$(dry inspect "$image" -f json | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])')
pinned="$repo@$digest"
cat >"$work/policy.yaml" <<'EOF'
apiVersion: drydock.io/v1
kind: Policy
builtins:
  - no-fixable-critical-high
rules:
  - name: no-latest
    action: warn
    expression: image.tag != 'latest'
    message: use a version tag, not latest
EOF

# Fixtures: the test's Pod CREATE (1 init container + 2 containers, all the same image: one
# decision per request), by tag and by digest; and a Pod with 8 containers of the same image.
fixture=drydock-cli/src/test/resources/admission/pod-create.json
sed -e "s|@IMAGE@|$image|g" -e "s|@IMAGE2@|$image|g" -e "s|@NAMESPACE@|shop|g" "$fixture" >"$work/pod-tag.json"
sed -e "s|@IMAGE@|$pinned|g" -e "s|@IMAGE2@|$pinned|g" -e "s|@NAMESPACE@|shop|g" "$fixture" >"$work/pod-digest.json"
python3 - "$work/pod-tag.json" "$work/pod-8.json" <<'EOF'
import copy, json, sys
review = json.load(open(sys.argv[1]))
spec = review["request"]["object"]["spec"]
spec.pop("initContainers", None)
first = spec["containers"][0]
spec["containers"] = []
for i in range(8):
    c = copy.deepcopy(first)
    c["name"] = f"c{i}"
    c["ports"] = [{"containerPort": 8080 + i, "protocol": "TCP"}]
    spec["containers"].append(c)
json.dump(review, open(sys.argv[2], "w"), indent=1)
EOF

start_server() { # start_server NAME [extra serve options...]
  local name=$1; shift
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # shellcheck disable=SC2086
  java $server_opts -Xlog:gc:file="$work/$name-gc.log" -jar "$jar" admission serve \
    --policy "$work/policy.yaml" --key "$work/trusted.pub" --listen "127.0.0.1:$port" \
    --cache-dir "$work/cache-$name" "$@" >"$work/$name.log" 2>&1 </dev/null &
  server_pid=$!
  pem="$work/cache-$name/admission/self-signed.crt"
  for _ in $(seq 1 300); do
    if [ -f "$pem" ] && curl -sf --cacert "$pem" "https://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
      echo "server $name: pid $server_pid, https://127.0.0.1:$port, JVM: $server_opts" >&2
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "server $name did not become ready" >&2; cat "$work/$name.log" >&2; exit 1
}

# An overloaded run leaves requests queued in the server after its clients gave up; the next run
# starts only when /healthz answers within 50 ms three times in a row (at most 120 s).
drain() {
  local good=0 t
  for _ in $(seq 1 240); do
    t=$(curl -s -o /dev/null -w '%{time_total}' --max-time 5 --cacert "$pem" "https://127.0.0.1:$port/healthz" || echo 9)
    if python3 -c "import sys; sys.exit(0 if float('$t') < 0.05 else 1)"; then
      good=$((good + 1)); [ "$good" -ge 3 ] && return 0
    else
      good=0
    fi
    sleep 0.5
  done
}

hwm() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status" | awk '{printf "%d", $1/1024}'; }

results="$work/results.tsv"
printf 'case\trate\trun\tp50\tp90\tp99\tp99.9\tmax\tok/s\terrors\tsent\tqueued\treg.req/adm (evals/adm)\tRSS peak MB\tload 1m\n' >"$results"

load() { # load CASE FIXTURE RATE RUN
  local case=$1 body=$2 rate=$3 run=$4 before after line regreq=-
  drain
  before=$(stat -c %s "$reglog")
  java -Xmx512m -cp "$jar" bench/AdmissionLoad.java "https://127.0.0.1:$port/validate" \
    "$body" "$rate" "$duration" "$warmup" "$pem" true "${CONNS:-32}" >"$work/last.txt"
  cat "$work/last.txt" >&2
  cat "$work/last.txt" >>"$work/load.txt"
  line=$(grep '^RESULT' "$work/last.txt")
  after=$(stat -c %s "$reglog")
  # This run's part of the registry log (the log goes on growing: head closes the pipe early).
  { tail -c +"$((before + 1))" "$reglog" | head -c "$((after - before))"; } >"$work/window.log" || true
  # Registry requests for this repository (tag, digest, .sig/.att tags, referrers, blobs) per
  # admission request sent (25 priming requests per connection + warm-up + measured). The
  # distribution log has one access line per request: "METHOD /v2/<repo>/... HTTP/1.1".
  local path=${repo#"$reg"/} n nsig sent_all
  n=$(grep -cE "\"(GET|HEAD) /v2/$path/" "$work/window.log" || true)
  # Evaluations actually run (one .sig manifest fetch each) per admission request: below 1 when
  # concurrent requests shared one evaluation.
  nsig=$(grep -cE "\"GET /v2/$path/manifests/sha256-[0-9a-f]{64}\.sig " "$work/window.log" || true)
  sent_all=$(python3 -c "print(25 * ${CONNS:-32} + round($rate*($warmup+$duration)))")
  regreq="$(python3 -c "print(f'{$n/$sent_all:.2f} ({$nsig/$sent_all:.2f})')")"
  if [ "$case" != "${case#cold}" ]; then
    { grep -oE "\"(GET|HEAD) /v2/$path/[a-z]+/[^ ]*" "$work/window.log" || true; } \
      | sed -E 's|sha256[-:][0-9a-f]{64}|<digest>|g' | sort | uniq -c | sort -rn >"$work/registry-$case-$rate-$run.txt"
  fi
  # shellcheck disable=SC2001
  echo "$line" | python3 -c '
import sys
kv = dict(x.split("=") for x in sys.stdin.read().split()[1:])
c, r, run, reg, rss, la = sys.argv[1:7]
print("\t".join([c, r, run, kv["p50"], kv["p90"], kv["p99"], kv["p999"], kv["max"], kv["throughput"], kv["errors"], kv["sent"], kv["maxqueued"], reg, rss, la]))
' "$case" "$rate" "$run" "$regreq" "$(hwm)" "$(cut -d' ' -f1 /proc/loadavg)" >>"$results"
}

echo "== cached decisions (default TTLs: decision 5m, tag 30s)" >&2
start_server cached
for rate in $cached_rates; do
  for run in $(seq 1 "$runs"); do
    load cached-tag "$work/pod-tag.json" "$rate" "$run"
    load cached-digest "$work/pod-digest.json" "$rate" "$run"
  done
done
jcmd "$server_pid" Thread.print >"$work/cached-threads.txt" 2>/dev/null || true
stop_server

echo "== cold decisions (--cache-ttl 0s --negative-cache-ttl 0s --tag-cache-ttl 0s)" >&2
start_server cold --cache-ttl 0s --negative-cache-ttl 0s --tag-cache-ttl 0s
for rate in $cold_rates; do
  for run in $(seq 1 "$runs"); do
    load cold "$work/pod-tag.json" "$rate" "$run"
  done
done
for rate in ${COLD_DIGEST_RATES-10 50}; do
  for run in $(seq 1 "$runs"); do
    load cold-digest "$work/pod-digest.json" "$rate" "$run"
  done
done
for run in $(seq 1 "$runs"); do
  load cold-8-containers "$work/pod-8.json" 100 "$run"
done
jcmd "$server_pid" Thread.print >"$work/cold-threads.txt" 2>/dev/null || true
stop_server

echo
echo "== results ($(nproc) cores, $(java -version 2>&1 | head -1), server JVM: $server_opts; latency in ms from the scheduled send)"
column -t -s $'\t' "$results"
echo
echo "registry requests per cold admission, by kind (last cold run at 100/s):"
cat "$work/registry-cold-100-$runs.txt" 2>/dev/null || true
echo "work dir: $work (KEEP=1 keeps it)"
