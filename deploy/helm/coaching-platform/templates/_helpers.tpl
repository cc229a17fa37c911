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

{{/* An image of the platform by its service (api, web, db): <image.registry>/coaching-api:<image.tag>. */}}
{{- define "coaching.image" -}}
{{ .root.Values.image.registry }}/{{ get (include "coaching.images" . | fromYaml) .name }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}
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

{{/*
Where the pods find database.caSecret's ca.crt: a folder of its own, since the password files' folder is a
read-only mount that cannot hold another.
*/}}
{{- define "coaching.databaseCaFile" -}}/run/database-ca/ca.crt{{- end -}}

{{/*
The database login of one role (user) with its password file (key of the database Secret): the connection URL
without the password, which DATABASE_PASSWORD_FILE adds, and how the connection is secured. The chart's own
PostgreSQL (evaluation only) has no TLS: sslmode=disable, and DATABASE_REQUIRE_VERIFIED_TLS=false turns off the
production check that would refuse it. An external database gets database.sslMode (verify-full, unless
requireVerifiedTls is false) and the CA of database.caSecret when one is named.
*/}}
{{- define "coaching.databaseEnv" -}}
{{- $db := .root.Values.database -}}
{{- $own := .root.Values.postgresql.enabled -}}
{{- if and (not $own) $db.requireVerifiedTls (ne $db.sslMode "verify-full") -}}
{{- fail (printf "database.sslMode=%s: in production the api connects to an external database only with verify-full (TLS, and a certificate it can check for database.host). Set database.sslMode=verify-full, with database.caSecret=<a Secret with key ca.crt> when your own CA signed the server's certificate; or database.requireVerifiedTls=false if the connection is protected otherwise (e.g. a service mesh's mutual TLS)" $db.sslMode) -}}
{{- end -}}
{{- $query := printf "sslmode=%s" (ternary "disable" $db.sslMode $own) -}}
{{- if and (not $own) $db.caSecret -}}
{{- $query = printf "%s&sslrootcert=%s" $query (include "coaching.databaseCaFile" .root) -}}
{{- end -}}
- name: DATABASE_URL
  value: {{ printf "postgres://%s@%s:%v/%s?%s" .user (include "coaching.databaseHost" .root) $db.port $db.name $query | quote }}
- name: DATABASE_PASSWORD_FILE
  value: {{ include "coaching.secretsDir" .root }}/{{ .passwordFile }}
{{- if or $own (not $db.requireVerifiedTls) }}
- name: DATABASE_REQUIRE_VERIFIED_TLS
  value: "false"
{{- end }}
{{- end -}}

{{/* Where the password files are mounted, as in Compose (/run/secrets/<name>). */}}
{{- define "coaching.secretsDir" -}}/run/secrets{{- end -}}

{{/* A volume with one key of the database Secret, as the file of the same name; and database.caSecret's CA, when used. */}}
{{- define "coaching.databaseVolumes" -}}
- name: database-password
  secret:
    secretName: {{ include "coaching.databaseSecret" .root }}
    defaultMode: 0440
    items:
      - key: {{ .key }}
        path: {{ .key }}
{{- if and (not .root.Values.postgresql.enabled) .root.Values.database.caSecret }}
- name: database-ca
  secret:
    secretName: {{ .root.Values.database.caSecret }}
    defaultMode: 0444
    items:
      - key: ca.crt
        path: ca.crt
{{- end }}
{{- end -}}

{{- define "coaching.databaseMounts" -}}
- name: database-password
  mountPath: {{ include "coaching.secretsDir" . }}
  readOnly: true
{{- if and (not .Values.postgresql.enabled) .Values.database.caSecret }}
- name: database-ca
  mountPath: {{ include "coaching.databaseCaFile" . | dir }}
  readOnly: true
{{- end }}
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
- name: TRUSTED_PROXIES
  value: {{ .Values.trustedProxies | quote }}
{{- end -}}

{{- define "coaching.hostOf" -}}
{{ regexReplaceAll "^https?://([^:/]+).*$" . "${1}" }}
{{- end -}}

{{/*
The two apps as the platform model has them (libs/platform-model/src/model.ts: SERVICES; written by
`npx nx sync`): the port each listens on and the variables that set it, and the probe paths.
*/}}
{{- define "coaching.apps" -}}
api: { port: 4000, portVariable: API_PORT, hostVariable: API_HOST, live: /health, ready: /ready }
web: { port: 8080, portVariable: WEB_PORT, hostVariable: WEB_HOST, live: /health, ready: /ready }
{{- end -}}

{{/*
Each image's name by the service it runs, as the platform model names it (libs/platform-model/src/model.ts:
imageName; written by `npx nx sync`).
*/}}
{{- define "coaching.images" -}}
db: coaching-db
api: coaching-api
web: coaching-web
{{- end -}}

{{/* What only the api needs: its database login (the application role), CORS and mail. */}}
{{- define "coaching.apiEnv" -}}
{{ include "coaching.databaseEnv" (dict "root" . "user" .Values.database.appUser "passwordFile" "db_app_password") }}
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
