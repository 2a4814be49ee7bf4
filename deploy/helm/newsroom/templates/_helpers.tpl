{{/* Chart name. */}}
{{- define "newsroom.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; object names are "<fullname>-<service>". */}}
{{- define "newsroom.fullname" -}}
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

{{/* Name of one service's objects: dict "root" $ "svc" "ingest". */}}
{{- define "newsroom.svcName" -}}
{{- printf "%s-%s" (include "newsroom.fullname" .root) .svc | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "newsroom.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "newsroom.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: newsroom
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one service's pods: dict "root" $ "svc" "ingest". */}}
{{- define "newsroom.selectorLabels" -}}
app.kubernetes.io/name: {{ include "newsroom.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .svc }}
{{- end }}

{{/* All labels of one service's objects. */}}
{{- define "newsroom.svcLabels" -}}
{{ include "newsroom.labels" .root }}
app.kubernetes.io/component: {{ .svc }}
{{- end }}

{{/* The image reference. */}}
{{- define "newsroom.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}
{{- end }}

{{/* Service account of one service. */}}
{{- define "newsroom.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create -}}
{{ include "newsroom.svcName" . }}
{{- else -}}
default
{{- end -}}
{{- end }}

{{/* DATABASE_URL of one service must be configured one way or the other. */}}
{{- define "newsroom.checkDatabase" -}}
{{- $cfg := index .root.Values.services .svc -}}
{{- if and (not $cfg.databaseUrl) (not $cfg.databaseUrlSecretRef) -}}
{{- fail (printf "services.%s: set databaseUrl or databaseUrlSecretRef (its PostgreSQL database)" .svc) -}}
{{- end -}}
{{- if and $cfg.databaseUrl (not (hasPrefix "postgres" $cfg.databaseUrl)) -}}
{{- fail (printf "services.%s.databaseUrl: PostgreSQL only in Kubernetes (postgres://user@host:5432/db), not %q" .svc (regexReplaceAll "//[^@/]*@" $cfg.databaseUrl "//***@")) -}}
{{- end -}}
{{- if and $cfg.autoscaling.enabled $cfg.keda $cfg.keda.enabled -}}
{{- fail (printf "services.%s: autoscaling.enabled and keda.enabled are exclusive (KEDA manages its own HPA)" .svc) -}}
{{- end -}}
{{- end }}

{{/* The env entries of DATABASE_URL and NATS_URL (from Secrets). dict "root" $ "svc" name "secretName" s */}}
{{- define "newsroom.connectionEnv" -}}
{{- $cfg := index .root.Values.services .svc -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      {{- if $cfg.databaseUrlSecretRef }}
      name: {{ required "databaseUrlSecretRef.name" $cfg.databaseUrlSecretRef.name }}
      key: {{ default "DATABASE_URL" $cfg.databaseUrlSecretRef.key }}
      {{- else }}
      name: {{ .secretName }}
      key: DATABASE_URL
      {{- end }}
{{- end }}

{{- define "newsroom.natsEnv" -}}
- name: NATS_URL
  valueFrom:
    secretKeyRef:
      {{- if .root.Values.nats.urlSecretRef }}
      name: {{ required "nats.urlSecretRef.name" .root.Values.nats.urlSecretRef.name }}
      key: {{ default "NATS_URL" .root.Values.nats.urlSecretRef.key }}
      {{- else }}
      name: {{ .secretName }}
      key: NATS_URL
      {{- end }}
{{- end }}

{{/* Egress rule: dict "peers" list "ports" list "protocols" list */}}
{{- define "newsroom.egressRule" -}}
- {{- with .peers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  ports:
    {{- range $port := .ports }}
    {{- range $protocol := $.protocols }}
    - port: {{ $port }}
      protocol: {{ $protocol }}
    {{- end }}
    {{- end }}
{{- end }}
