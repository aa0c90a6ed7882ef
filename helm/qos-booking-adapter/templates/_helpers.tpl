{{/*
Name of the chart, overridable with nameOverride.
*/}}
{{- define "qosb.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: release name plus chart name (once), at most 63 characters.
*/}}
{{- define "qosb.fullname" -}}
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

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "qosb.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels that select the adapter's pods; they must never change between releases.
*/}}
{{- define "qosb.selectorLabels" -}}
app.kubernetes.io/name: {{ include "qosb.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Standard labels of every resource of the chart.
*/}}
{{- define "qosb.labels" -}}
helm.sh/chart: {{ include "qosb.chart" . }}
{{ include "qosb.selectorLabels" . }}
app.kubernetes.io/version: {{ include "qosb.imageTag" . | quote }}
app.kubernetes.io/component: adapter
app.kubernetes.io/part-of: qos-booking-adapter
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Image tag: image.tag, else the chart's appVersion.
*/}}
{{- define "qosb.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion | toString }}
{{- end }}

{{/*
Container port of the API server: config.http.port, else the adapter's default 8080.
*/}}
{{- define "qosb.httpPort" -}}
{{- dig "http" "port" 8080 .Values.config | int }}
{{- end }}

{{/*
Mount directory of the ConfigMap and path of the rendered application.yaml.
*/}}
{{- define "qosb.configFile" -}}
{{- printf "%s/application.yaml" .Values.configMountPath }}
{{- end }}

{{/*
Path of the JWKS file mounted from secrets.jwks.existingSecret.
*/}}
{{- define "qosb.jwksFile" -}}
{{- printf "%s/%s" .Values.secrets.jwks.mountPath .Values.secrets.jwks.key }}
{{- end }}

{{/*
Path of the signing key file mounted from secrets.signingKey.existingSecret.
*/}}
{{- define "qosb.signingKeyFile" -}}
{{- printf "%s/%s" .Values.secrets.signingKey.mountPath .Values.secrets.signingKey.key }}
{{- end }}

{{/*
Liveness, readiness and startup probes. Each built-in probe is an HTTP GET on the named port "http"
(/health/live or /health/ready); setting its "enabled" to false drops it, and a non-empty
probes.custom<Kind>Probe then takes its place verbatim.
*/}}
{{- define "qosb.healthChecks" -}}
{{- $probes := .Values.probes }}
{{- range $kind := list "liveness" "readiness" "startup" }}
{{- $probe := get $probes $kind }}
{{- $custom := get $probes (printf "custom%sProbe" (title $kind)) }}
{{- if $probe.enabled }}
{{ $kind }}Probe:
  httpGet:
    path: {{ $probe.path }}
    port: http
    scheme: HTTP
  {{- with $probe.initialDelaySeconds }}
  initialDelaySeconds: {{ . }}
  {{- end }}
  periodSeconds: {{ $probe.periodSeconds }}
  timeoutSeconds: {{ $probe.timeoutSeconds }}
  successThreshold: 1
  failureThreshold: {{ $probe.failureThreshold }}
{{- else if $custom }}
{{ $kind }}Probe:
  {{- toYaml $custom | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Fails the rendering on combinations that cannot work: several pods on one embedded H2 database,
a remote NEF without a URL, no source of access-token keys.
*/}}
{{- define "qosb.validate" -}}
{{- $storeUrl := dig "store" "url" "h2:file:./data/qosb" .Values.config | toString }}
{{- $h2 := and (not .Values.secrets.store.existingSecret) (hasPrefix "h2:" $storeUrl) }}
{{- if and $h2 (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) }}
{{- fail "an embedded H2 store (config.store.url h2:...) holds one pod's state only: use replicaCount 1 without autoscaling, or PostgreSQL through secrets.store.existingSecret" }}
{{- end }}
{{- if and (eq (dig "nef" "mode" "simulated" .Values.config | toString) "remote") (not (dig "nef" "url" "" .Values.config)) }}
{{- fail "config.nef.mode is remote: set config.nef.url to the NEF's AsSessionWithQoS API root" }}
{{- end }}
{{- if not (or .Values.secrets.jwks.existingSecret (dig "auth" "issuer" "" .Values.config) (dig "auth" "jwks" "" .Values.config)) }}
{{- fail "secrets.jwks.existingSecret is required (the Secret holding the JWKS that verifies access tokens), unless config.auth.issuer or config.auth.jwks names your identity provider" }}
{{- end }}
{{- end }}
