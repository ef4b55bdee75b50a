{{/* Chart name, truncated to 63 characters (a DNS label). */}}
{{- define "drydock-admission.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: the release name when it already contains the chart name. */}}
{{- define "drydock-admission.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "drydock-admission.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "drydock-admission.selectorLabels" -}}
app.kubernetes.io/name: {{ include "drydock-admission.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "drydock-admission.labels" -}}
helm.sh/chart: {{ include "drydock-admission.chart" . }}
{{ include "drydock-admission.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: admission-webhook
app.kubernetes.io/part-of: drydock
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "drydock-admission.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "drydock-admission.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "drydock-admission.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The Secret holding tls.crt and tls.key. */}}
{{- define "drydock-admission.tlsSecretName" -}}
{{- if .Values.certManager.enabled }}
{{- printf "%s-tls" (include "drydock-admission.fullname" .) }}
{{- else }}
{{- required "tls.existingSecret is required when certManager.enabled=false (deploy/gen-webhook-cert.sh makes the certificate)" .Values.tls.existingSecret }}
{{- end }}
{{- end }}

{{- define "drydock-admission.policyConfigMapName" -}}
{{- default (printf "%s-policy" (include "drydock-admission.fullname" .)) .Values.existingPolicyConfigMap }}
{{- end }}

{{- define "drydock-admission.keysConfigMapName" -}}
{{- default (printf "%s-keys" (include "drydock-admission.fullname" .)) .Values.existingPublicKeys.configMap }}
{{- end }}

{{/* The public key file names passed as --key, one per line; fails when there are none. */}}
{{- define "drydock-admission.keyFiles" -}}
{{- $keys := list }}
{{- if .Values.existingPublicKeys.configMap }}
{{- $keys = .Values.existingPublicKeys.keys }}
{{- else }}
{{- $keys = keys .Values.publicKeys | sortAlpha }}
{{- end }}
{{- if not $keys }}
{{- fail "set at least one cosign public key: publicKeys (name: PEM) or existingPublicKeys.configMap with existingPublicKeys.keys" }}
{{- end }}
{{- range $keys }}
{{ . }}
{{- end }}
{{- end }}

{{/* Exempt namespaces: the release namespace first, then .Values.exemptNamespaces, without repeats. */}}
{{- define "drydock-admission.exemptNamespaces" -}}
{{- $all := prepend .Values.exemptNamespaces .Release.Namespace | uniq }}
{{- range $all }}
{{ . }}
{{- end }}
{{- end }}

{{/* The webhooks' clientConfig for a path; caBundle only without cert-manager. */}}
{{- define "drydock-admission.clientConfig" -}}
{{- $root := index . 0 -}}
service:
  name: {{ include "drydock-admission.fullname" $root }}
  namespace: {{ $root.Release.Namespace }}
  path: {{ index . 1 }}
  port: {{ $root.Values.service.port }}
{{- if not $root.Values.certManager.enabled }}
caBundle: {{ required "tls.caBundle (base64 PEM of the CA) is required when certManager.enabled=false" $root.Values.tls.caBundle }}
{{- end }}
{{- end }}

{{- define "drydock-admission.webhookAnnotations" -}}
{{- if .Values.certManager.enabled -}}
annotations:
  cert-manager.io/inject-ca-from: {{ printf "%s/%s-tls" .Release.Namespace (include "drydock-admission.fullname" .) }}
{{- end }}
{{- end }}

{{/* The rules and selector shared by both webhooks. */}}
{{- define "drydock-admission.webhookMatch" -}}
admissionReviewVersions:
  - v1
sideEffects: None
failurePolicy: {{ .Values.failurePolicy }}
timeoutSeconds: {{ .Values.timeoutSeconds }}
matchPolicy: Equivalent
namespaceSelector:
  matchExpressions:
    - key: kubernetes.io/metadata.name
      operator: NotIn
      values:
      {{- range (include "drydock-admission.exemptNamespaces" . | trim | splitList "\n") }}
        - {{ . | quote }}
      {{- end }}
rules:
  - apiGroups:
      - ""
    apiVersions:
      - v1
    operations:
      - CREATE
      - UPDATE
    resources:
      - pods
      - pods/ephemeralcontainers
    scope: Namespaced
  - apiGroups:
      - apps
    apiVersions:
      - v1
    operations:
      - CREATE
      - UPDATE
    resources:
      - deployments
      - replicasets
      - statefulsets
      - daemonsets
    scope: Namespaced
  - apiGroups:
      - batch
    apiVersions:
      - v1
    operations:
      - CREATE
      - UPDATE
    resources:
      - jobs
      - cronjobs
    scope: Namespaced
{{- end }}

{{/* Checks values that would otherwise produce a webhook that blocks the cluster or a server that cannot start. */}}
{{- define "drydock-admission.validate" -}}
{{- if not (has .Values.failureMode (list "closed" "open")) }}
{{- fail (printf "failureMode must be closed or open, got %q" .Values.failureMode) }}
{{- end }}
{{- if not (has .Values.failurePolicy (list "Fail" "Ignore")) }}
{{- fail (printf "failurePolicy must be Fail or Ignore, got %q" (toString .Values.failurePolicy)) }}
{{- end }}
{{- if not .Values.certManager.enabled }}
{{- $_ := required "tls.existingSecret is required when certManager.enabled=false (deploy/gen-webhook-cert.sh makes the certificate)" .Values.tls.existingSecret }}
{{- $_ := required "tls.caBundle (base64 PEM of the CA) is required when certManager.enabled=false" .Values.tls.caBundle }}
{{- end }}
{{- $t := int .Values.timeoutSeconds }}
{{- if or (lt $t 1) (gt $t 30) }}
{{- fail (printf "timeoutSeconds must be between 1 and 30, got %v" .Values.timeoutSeconds) }}
{{- end }}
{{- if regexMatch "^[0-9]+s$" (toString .Values.deadline) }}
{{- if ge (int (trimSuffix "s" (toString .Values.deadline))) $t }}
{{- fail (printf "deadline (%s) must be below timeoutSeconds (%d), or the API server gives up first" .Values.deadline $t) }}
{{- end }}
{{- end }}
{{- end }}
