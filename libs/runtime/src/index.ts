/** The platform running: both runtimes behind one interface, the settings they read, and the use cases over them. */
export { freePort, freePorts, waitUntilAnswered } from './ports';
export { migrateAndSeed } from './migrate-and-seed';
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
export { readOffsiteSettings, readSecretsDir, readSettings, SettingsError } from './settings';
export { journalTail, mailOperator, smtpOptions, type Alert } from './alert';
export { copyOffsite, fetchOffsite, OFFSITE_RETENTION, offsiteSnapshots, type OffsiteCopy, type OffsiteSnapshot } from './offsite';
export { createSecrets, type CreatedSecrets } from './secrets';
export { NativeRuntime } from './native/runtime';
export { releaseBinaries } from './native/binaries';
export { startTemporaryPlatform, type TemporaryPlatform } from './native/temporary';
export { DOCKER_PLUGINS, dockerAnswers, requireDocker } from './docker/engine';
export { DockerRuntime } from './docker/runtime';
export { clientTool, clientToolMajor, queryRows } from './native/database';
export { nativePostgresMajor } from './native/postgres';
