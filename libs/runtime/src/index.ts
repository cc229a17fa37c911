/** The platform running: both runtimes behind one interface of primitives, the settings they read, the database's operations. */
export { freePort, freePorts, freeServicePorts, waitUntilAnswered } from './ports';
export { entryPoint, statusTable, type DatabaseTools, type Runtime, type RunningInstance, type ServiceStatus } from './runtime';
export { backupBefore, createDatabase, grantApplicationRole, hasData, pruneBackups, restoreBackup, tableRowCounts, takeBackup } from './database';
export {
  choiceFacts,
  chooseRuntime,
  choiceFile,
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
export { readOffsiteSettings, readSecretsDir, readSettings, settingsInFolder, SettingsError } from './settings';
export { journalTail, mailOperator, smtpOptions, type Alert } from './alert';
export { copyOffsite, fetchOffsite, OFFSITE_RETENTION, offsiteSnapshots, type OffsiteCopy, type OffsiteSnapshot } from './offsite';
export { createSecrets, type CreatedSecrets } from './secrets';
export { NativeRuntime, nativeAppEnvironment } from './native/runtime';
export { mailCatcher } from './native/mail-catcher';
export { buildRelease, releaseBinaries, releaseDir } from './native/binaries';
export { DOCKER_PLUGINS, dockerAnswers, requireDocker } from './docker/engine';
export { DockerRuntime } from './docker/runtime';
export { clientTool, clientToolsSteps, queryRows, requiredClientTool } from './native/database';
export { nativePostgresMajor } from './native/postgres';
