{{/* <release>-coaching-platform, unless the release's name already says it; the prefix of every object. */}}
{{- define "coaching.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The labels that select one component's pods (api, web, migrate, db): Services, PDBs and NetworkPolicies use them. */}}
{{- define "coaching.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "coaching.labels" -}}
{{ include "coaching.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* A component's object name: <fullname>-api, <fullname>-web, ... */}}
{{- define "coaching.name" -}}
{{ include "coaching.fullname" .root }}-{{ .component }}
{{- end -}}

{{- define "coaching.image" -}}
{{ .root.Values.image.registry }}/{{ .name }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- end -}}

{{/* The Secret holding the database passwords: yours, or the one the chart generates. */}}
{{- define "coaching.databaseSecret" -}}
{{ .Values.secrets.existingSecret | default (printf "%s-database" (include "coaching.fullname" .)) }}
{{- end -}}

{{- define "coaching.databaseHost" -}}
{{- if .Values.postgresql.enabled -}}
{{ include "coaching.name" (dict "root" . "component" "db") }}
{{- else -}}
{{ required "set database.host to your PostgreSQL server's host name (or postgresql.enabled=true to evaluate)" .Values.database.host }}
{{- end -}}
{{- end -}}

{{/* The connection URL of one role, without a password: DATABASE_PASSWORD_FILE adds it. */}}
{{- define "coaching.databaseUrl" -}}
{{- $db := .root.Values.database -}}
postgres://{{ .user }}@{{ include "coaching.databaseHost" .root }}:{{ $db.port }}/{{ $db.name }}?sslmode={{ $db.sslMode }}
{{- end -}}

{{/* Where the password files are mounted, as in Compose (/run/secrets/<name>). */}}
{{- define "coaching.secretsDir" -}}/run/secrets{{- end -}}

{{/* A volume with one key of the database Secret, as the file of the same name. */}}
{{- define "coaching.passwordVolume" -}}
- name: database-password
  secret:
    secretName: {{ include "coaching.databaseSecret" .root }}
    defaultMode: 0440
    items:
      - key: {{ .key }}
        path: {{ .key }}
{{- end -}}

{{- define "coaching.passwordMount" -}}
- name: database-password
  mountPath: {{ include "coaching.secretsDir" . }}
  readOnly: true
{{- end -}}

{{/* The restrictions every pod of the chart runs under: the images' non-root user, the runtime's seccomp profile, no API token. */}}
{{- define "coaching.podSecurity" -}}
automountServiceAccountToken: false
securityContext:
  runAsNonRoot: true
  runAsUser: 65532
  runAsGroup: 65532
  fsGroup: 65532
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{- define "coaching.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
{{- end -}}

{{/* The environment both apps share. */}}
{{- define "coaching.commonEnv" -}}
- name: RUNTIME_ENV
  value: production
- name: LOG_FORMAT
  value: json
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: PUBLIC_WEB_ORIGIN
  value: {{ .Values.publicWebOrigin | quote }}
{{- with .Values.trustedProxies }}
- name: TRUSTED_PROXIES
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{- define "coaching.hostOf" -}}
{{ regexReplaceAll "^https?://([^:/]+).*$" . "${1}" }}
{{- end -}}

{{/*
The two apps as the platform model has them (libs/stack/src/platform/model.ts: SERVICES; the chart spec
holds this to it): the port each listens on and the variables that set it, and the probe paths.
*/}}
{{- define "coaching.apps" -}}
api: { port: 4000, portVariable: API_PORT, hostVariable: API_HOST, live: /health, ready: /ready }
web: { port: 8080, portVariable: WEB_PORT, hostVariable: WEB_HOST, live: /health, ready: /ready }
{{- end -}}

{{/* What only the api needs: its database login (the application role), CORS and mail. */}}
{{- define "coaching.apiEnv" -}}
- name: DATABASE_URL
  value: {{ include "coaching.databaseUrl" (dict "root" . "user" .Values.database.appUser) | quote }}
- name: DATABASE_PASSWORD_FILE
  value: {{ include "coaching.secretsDir" . }}/db_app_password
- name: ALLOWED_ORIGINS
  value: {{ .Values.publicWebOrigin | quote }}
{{- with .Values.mail.existingSecret }}
- name: SMTP_URL
  valueFrom:
    secretKeyRef: { name: {{ . }}, key: smtp_url }
{{- end }}
{{- with .Values.mail.from }}
- name: MAIL_FROM
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* What only the web needs: where the api answers, through its Service. */}}
{{- define "coaching.webEnv" -}}
{{- $api := (include "coaching.apps" . | fromYaml).api -}}
- name: API_URL
  value: http://{{ include "coaching.name" (dict "root" . "component" "api") }}:{{ $api.port }}
{{- end -}}
