/**
 * The workflows over a runtime's primitives, decided once for both runtimes; executors, tests and benchmarks call
 * them with a Platform and report what they return.
 */
export { openPlatform, startDatabase, type OpenedPlatform, type OpenOptions, type Platform, type RuntimeChoice } from './platform';
export { Refusal, type Confirm } from './refusal';
export { appliedMigrations, MigrationFailed, type SchemaUpgrade } from './schema';
export { up, upgradeSummary, type UpOptions, type UpResult } from './up';
export { moveData, type MovedData, type MoveDataOptions } from './move-data';
export { rebuildDatabase, type RebuildOptions } from './rebuild-db';
export { restore, type Restored, type RestoreOptions } from './restore';
export { upgrade, type UpgradeOptions } from './upgrade';
