export { run, RunError, startDetached, type RunOptions, type RunResult } from './process/run';
export { freePort, isOk, isPortFree, waitUntilOk } from './ports';
export { statusTable, type DownOptions, type Runtime, type ServiceStatus, type UpOptions } from './runtime';
export { databaseUrl, readSettings, SettingsError, DEFAULTS, type PlatformSettings, type ServiceName } from './settings';
export { NativeRuntime, withPrerequisites, type AppName, type NativeRuntimeOptions } from './native/runtime';
export { releaseBinaries, startTemporaryPlatform, type TemporaryPlatform } from './native/temporary';
