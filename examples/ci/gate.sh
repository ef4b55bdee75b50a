#!/usr/bin/env bash
# The gate every documented pipeline runs after building and pushing IMAGE (github-actions.yml,
# azure-pipelines.yml, Jenkinsfile call this script, and drydock-cli's CiPipelineTest runs it
# against the testbed registry, so the documented sequence cannot rot):
#   1. scan, writing SARIF for the platform's code-scanning view (never fails the build by itself)
#   2. evaluate the policy: exit 3 stops the pipeline when the policy denies the image
#   3. sign the image and attach the scan as an attestation (cosign-compatible)
#   4. verify both, as the cluster's admission webhook will
#
#   gate.sh IMAGE POLICY KEY PUBKEY [OUT_DIR]
# Environment: DRYDOCK (the drydock command, default "drydock"), COSIGN_PASSWORD (the key's
# password), DRYDOCK_DB_DIR (advisory database; default: drydock's own), DRYDOCK_USERNAME and
# DRYDOCK_PASSWORD (registry credentials, if the registry needs them).
set -euo pipefail
image=$1 policy=$2 key=$3 pub=$4 out=${5:-drydock-out}
dd=${DRYDOCK:-drydock}
db=()
[ -n "${DRYDOCK_DB_DIR:-}" ] && db=(--db-dir "$DRYDOCK_DB_DIR")
mkdir -p "$out"

# Pin the tag to the digest first: every later step judges exactly this image.
digest=$($dd inspect --format json "$image" | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])')
name="${image%%@*}"
last="${name##*/}"
[[ "$last" == *:* ]] && name="${name%:*}"      # drop the tag, not a registry port
ref="$name@$digest"
echo "gate: $image -> $ref"

$dd scan "${db[@]}" --format sarif --output "$out/drydock.sarif" "$ref"
$dd scan "${db[@]}" --format json --output "$out/scan.json" "$ref"
$dd policy eval "${db[@]}" --policy "$policy" --format json "$ref" > "$out/decision.json"
$dd sign "$ref" --key "$key"
$dd attest "${db[@]}" "$ref" --key "$key" --scan
$dd verify "$ref" --key "$pub"
$dd verify-attestation "$ref" --key "$pub" --max-age 1h
echo "gate: $ref passed the policy, signed and attested"
