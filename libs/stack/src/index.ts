export { run, RunError, startDetached, type RunOptions, type RunResult } from './process/run';
export { runNx } from './process/nx';
export { freePort, isOk, isPortFree, waitUntilOk } from './ports';
export { statusTable, type DatabaseTools, type DownOptions, type Runtime, type ServiceStatus, type UpOptions } from './runtime';
export { backupFileName, hasData, PLATFORM_SCHEMA, rebuildDatabase, takeBackup } from './database';
export {
  composeEnvironment,
  databaseUrl,
  DEFAULTS,
  readSettings,
  SettingsError,
  type PlatformSettings,
  type ServiceName,
} from './settings';
export { NativeRuntime, withPrerequisites, type AppName, type NativeRuntimeOptions } from './native/runtime';
export { releaseBinaries, startTemporaryPlatform, type TemporaryPlatform } from './native/temporary';
export { dockerAnswers, DockerUnavailableError, requireDocker } from './docker/engine';
export { DockerRuntime, type DockerRuntimeOptions } from './docker/runtime';
export { interpolate, parseCompose, readCompose, writeCompose, type ComposeFile, type ComposeService } from './compose/model';
export { checkCompose, type CheckOptions, type Finding } from './compose/check';
export { clientTool } from './native/database';
