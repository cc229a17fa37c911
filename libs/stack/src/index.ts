export { run, RunError, startDetached, type RunResult } from './process/run';
export { runNx } from './process/nx';
export { CARGO_PROGRESS_ENV, withProgress } from './process/progress';
export { freePort, freePorts, waitUntilAnswered } from './ports';
export {
  APP_NAMES,
  DEFAULT_DATABASE,
  DEFAULT_PORTS,
  EDGE,
  isBuiltHere,
  isServiceName,
  MAILPIT_VERSION,
  PLATFORM_SCHEMA,
  SECRET_FILES,
  SERVICE_NAMES,
  SERVICES,
  servicesIn,
  withPrerequisites,
  type AppName,
  type DatabaseRole,
  type ServiceName,
} from './platform/model';
export { databaseUrl, displayDatabaseUrl, localDatabaseUrl, localSmtpUrl, localUrl, publicUrl } from './platform/urls';
export { installedTool, isInstalled, toolCacheDir, type CachedTool } from './tools/cache';
export { chromiumPath } from './tools/chromium';
export { MAILPIT, mailpit } from './tools/mailpit';
export { pythonTool } from './tools/python';
export { HELM, HELM_CHART, HELM_REQUIRED_SETTINGS, helm, KUBERNETES_VERSIONS, kubernetesValidate } from './tools/helm';
export { HELM_RELEASE, named, renderChart, type Container, type K8sObject, type Labels, type PodSpec } from './tools/manifests';
export { migrateAndSeed } from './platform/migrate-and-seed';
export { byPrecedence, compareReleases, isReleaseVersion, newestRelease, workspaceVersion } from './release/version';
export { ARTIFACT_TYPES, CHART_NAME, RELEASE_IMAGES, RELEASE_RECORD_REPOSITORY, recordFromManifest, recordReference, type ReleaseRecord } from './release/record';
export { imageVariable, RELEASES_DIR, releaseImageVariables, releaseRecord } from './release/installed';
export { baseImageArguments, mirrored, publishRelease, type ImageBuild, type PublishOptions } from './release/publish';
export { changelogBetween, changelogOf, checkoutRelease, fetchReleases, localChanges, migrationsOf, MIGRATIONS_DIR, releaseTag } from './release/git';
export { OCI_TOOLS, ociTool, type OciToolName } from './tools/oci';
export { ACTIONLINT, actionlint } from './tools/actionlint';
export { entryPoint, statusTable, type DatabaseTools, type Runtime, type RunningInstance, type ServiceStatus } from './runtime';
export { appliedMigrations, MigrationFailed, serviceChanges, upgradeSchema, upgradeSummary, type SchemaUpgrade } from './upgrade';
export { backupBefore, grantApplicationRole, hasData, pruneBackups, rebuildDatabase, restoreBackup, tableRowCounts, takeBackup } from './database';
export {
  choiceFacts,
  chooseRuntime,
  choiceFile,
  dataHeldBy,
  DataUnreachableError,
  dockerDatabaseVolume,
  forgetRuntime,
  otherRuntime,
  recordedRuntime,
  recordFirstRuntime,
  recordRuntime,
  type ChoiceFacts,
  type RuntimeName,
} from './choice';
export { displayPath } from './paths';
export {
  composeEnvironment,
  DEFAULTS,
  publicWebOrigin,
  OFFSITE_PASSWORD,
  readOffsiteSettings,
  readSecretsDir,
  readSettings,
  SECRETS_COMMAND,
  type OffsiteSettings,
  type PlatformSettings,
} from './settings';
export { journalTail, mailOperator, smtpOptions, type Alert } from './alert';
export { copyOffsite, fetchOffsite, OFFSITE_RETENTION, offsiteSnapshots, type OffsiteCopy, type OffsiteSnapshot } from './offsite';
export { createSecrets, type CreatedSecrets } from './secrets';
export { NativeRuntime } from './native/runtime';
export { releaseBinaries } from './native/binaries';
export { startTemporaryPlatform, type TemporaryPlatform } from './native/temporary';
export { DOCKER_PLUGINS, dockerAnswers, requireDocker } from './docker/engine';
export { DockerRuntime } from './docker/runtime';
export { readCompose } from './compose/model';
export { checkAgainstModel, checkCompose, checkProductionOverride, type Finding } from './compose/check';
export { clientTool, clientToolMajor, queryRows } from './native/database';
export { nativePostgresMajor } from './native/postgres';
