#!/usr/bin/env bash
# Makes a CA and a serving certificate for the Drydock admission webhook, for clusters without
# cert-manager:
#
#   deploy/gen-webhook-cert.sh NAMESPACE [SERVICE] [OUTDIR]
#
# SERVICE defaults to drydock-admission, OUTDIR to ./drydock-admission-tls. Writes ca.crt, ca.key,
# tls.crt and tls.key (ECDSA P-256; the serving certificate names SERVICE, SERVICE.NAMESPACE,
# SERVICE.NAMESPACE.svc and SERVICE.NAMESPACE.svc.cluster.local), then prints the caBundle for the
# webhook configurations (base64 of ca.crt) and the kubectl command that stores the serving pair
# as the kubernetes.io/tls Secret the chart's tls.existingSecret names. Keep ca.key offline, or
# delete it: it is only needed to issue the next certificate. Needs openssl 1.1.1 or later.
set -euo pipefail

die() {
  echo "gen-webhook-cert.sh: $*" >&2
  exit 2
}

[ $# -ge 1 ] && [ $# -le 3 ] || die "usage: gen-webhook-cert.sh NAMESPACE [SERVICE] [OUTDIR]"
ns=$1
svc=${2:-drydock-admission}
out=${3:-./drydock-admission-tls}
dns_label='^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'
[[ $ns =~ $dns_label ]] || die "namespace '$ns' is not a DNS label (lower case letters, digits, '-'; at most 63)"
[[ $svc =~ $dns_label ]] || die "service '$svc' is not a DNS label (lower case letters, digits, '-'; at most 63)"
command -v openssl >/dev/null || die "openssl not found on PATH"
mkdir -p "$out" 2>/dev/null || die "cannot create output directory '$out'"
for f in ca.crt ca.key tls.crt tls.key; do
  [ ! -e "$out/$f" ] || die "'$out/$f' exists; refusing to overwrite it (choose another OUTDIR)"
done

days_ca=3650
days_tls=365
fqdn="$svc.$ns.svc"
work=$(mktemp -d "${TMPDIR:-/tmp}/gen-webhook-cert.XXXXXX")
trap 'rm -rf "$work"' EXIT
umask 077

openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca.key" 2>"$work/err" \
  || die "openssl could not make the CA key: $(head -n1 "$work/err")"
openssl req -x509 -new -sha256 -key "$work/ca.key" -days "$days_ca" \
  -subj "/CN=$svc-ca" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$work/ca.crt" 2>"$work/err" \
  || die "openssl could not make the CA certificate: $(head -n1 "$work/err")"

openssl ecparam -name prime256v1 -genkey -noout -out "$work/tls.key" 2>"$work/err" \
  || die "openssl could not make the serving key: $(head -n1 "$work/err")"
openssl req -new -sha256 -key "$work/tls.key" -subj "/CN=$fqdn" -out "$work/tls.csr" 2>"$work/err" \
  || die "openssl could not make the certificate request: $(head -n1 "$work/err")"
cat >"$work/ext.cnf" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:$svc,DNS:$svc.$ns,DNS:$fqdn,DNS:$fqdn.cluster.local
EXT
openssl x509 -req -sha256 -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
  -CAcreateserial -days "$days_tls" -extfile "$work/ext.cnf" -out "$work/tls.crt" 2>"$work/err" \
  || die "openssl could not sign the serving certificate: $(head -n1 "$work/err")"
openssl verify -CAfile "$work/ca.crt" "$work/tls.crt" >/dev/null 2>"$work/err" \
  || die "the serving certificate does not verify against the CA: $(head -n1 "$work/err")"

# PKCS#8, which every TLS stack reads
openssl pkcs8 -topk8 -nocrypt -in "$work/tls.key" -out "$out/tls.key"
openssl pkcs8 -topk8 -nocrypt -in "$work/ca.key" -out "$out/ca.key"
cp "$work/tls.crt" "$work/ca.crt" "$out/"
chmod 644 "$out/tls.crt" "$out/ca.crt"

ca_bundle=$(base64 <"$out/ca.crt" | tr -d '\n')
cat <<MSG
Wrote $out/ca.crt, $out/ca.key, $out/tls.crt, $out/tls.key for $fqdn (valid $days_tls days).

caBundle (tls.caBundle in the Helm values, webhooks[].clientConfig.caBundle in plain manifests):
$ca_bundle

Store the serving certificate as a Secret:
kubectl -n $ns create secret tls $svc-tls --cert=$out/tls.crt --key=$out/tls.key

Then, with Helm:
helm install $svc deploy/helm/drydock-admission -n $ns --set certManager.enabled=false \\
  --set tls.existingSecret=$svc-tls --set tls.caBundle=$ca_bundle --set-file publicKeys.cosign\\.pub=cosign.pub
MSG
