{{/* Chart name, truncated to 63 characters (a DNS label). */}}
{{- define "drydock-server.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: the release name when it already contains the chart name. */}}
{{- define "drydock-server.fullname" -}}
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

{{- define "drydock-server.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "drydock-server.selectorLabels" -}}
app.kubernetes.io/name: {{ include "drydock-server.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "drydock-server.labels" -}}
helm.sh/chart: {{ include "drydock-server.chart" . }}
{{ include "drydock-server.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: drydock
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "drydock-server.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "drydock-server.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "drydock-server.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Values that would give a server that cannot start or replicas that corrupt each other. */}}
{{- define "drydock-server.validate" -}}
{{- $r := int .Values.replicaCount }}
{{- if lt $r 1 }}
{{- fail (printf "replicaCount must be at least 1, got %v" .Values.replicaCount) }}
{{- end }}
{{- if and (gt $r 1) (not .Values.database.existingSecret) }}
{{- fail (printf "replicaCount=%d needs PostgreSQL: set database.existingSecret (a Secret with key url = jdbc:postgresql://…); SQLite serves one replica" $r) }}
{{- end }}
{{- if and (not .Values.database.existingSecret) (not .Values.persistence.enabled) }}
{{- fail "SQLite (no database.existingSecret) keeps the inventory in the volume: persistence.enabled=false would lose it at every restart" }}
{{- end }}
{{- if not (regexMatch "^[0-9]+(ms|s|m|h|d)$" (toString .Values.updateEvery)) }}
{{- fail (printf "updateEvery must be a duration such as 6h or 30m, got %q" (toString .Values.updateEvery)) }}
{{- end }}
{{- end }}
