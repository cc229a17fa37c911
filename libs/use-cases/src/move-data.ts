import { choiceFile, displayPath, hasData, otherRuntime, recordRuntime, tableRowCounts, takeBackup, type RuntimeName } from '@coaching/runtime';
import type { Platform } from './platform';
import { Refusal, type Confirm } from './refusal';
import { upgradeSchema } from './schema';

/** What each step needs built: the database, and the api that migrates it. */
const NEEDED = ['db', 'api'] as const;

export interface MoveDataOptions {
  to: RuntimeName;
  /** Replace data the target holds already (backed up first, and only once `confirm` agreed). */
  replace: boolean;
  build: boolean;
  confirm: Confirm;
}

export interface MovedData {
  from: RuntimeName;
  /** Where the source keeps its copy, left as it was, stopped ("volume coaching_postgres_data", ".data/postgres"). */
  sourceData: string;
  /** The file that records which runtime `auto` uses from now on. */
  recordFile: string;
}

/**
 * Moves the platform's data from one runtime to the other: a backup of the one holding it, restored into the other
 * (migrated to the same schema first), checked by counting every table's rows on both sides, then recorded as the
 * runtime `auto` uses. The two databases share a port, so each runs alone. The old copy is kept, stopped.
 *
 * `open` opens each runtime as a one-off (nothing recorded until the move succeeded); docker first: it is the only
 * runtime production has, so production gets this refusal rather than the native runtime's.
 */
export async function moveData(open: (runtime: RuntimeName) => Promise<Platform>, options: MoveDataOptions): Promise<MovedData> {
  const { to } = options;
  const from = otherRuntime(to);
  const docker = await open('docker');
  const { settings, reporter, workspaceRoot } = docker;
  if (settings.runtimeEnv === 'production') {
    throw new Refusal('move-data is for development: production keeps its data in Docker only (RUNTIME_ENV=production).');
  }
  const native = await open('native');
  const [source, target] = from === 'docker' ? [docker, native] : [native, docker];
  const shown = (file: string) => displayPath(file, workspaceRoot);
  const steps = 7;
  const step = (number: number, text: string) => reporter.progress(`\n[${number}/${steps}] ${text}`);

  step(1, `Checking where the data is`);
  const sourceData = await source.runtime.heldData();
  if (!sourceData) throw new Refusal(`Nothing to move: the ${from} runtime holds no platform data.`);
  const targetData = await target.runtime.heldData();
  if (targetData && !options.replace) {
    throw new Refusal(
      `The ${to} runtime holds data already (${targetData}): nothing was changed. Add --replace to replace it with the ${from} data ` +
        '(asks first, and backs it up before).',
    );
  }
  if (targetData) {
    await options.confirm(`This replaces the data in ${to} (${targetData}) with the data in ${from} (${sourceData}); a backup of it is taken first.`);
  }
  reporter.info(`From ${from} (${sourceData}) to ${to}${targetData ? ` (replacing ${targetData})` : ''}`);
  if (options.build) {
    await source.runtime.build(NEEDED);
    await target.runtime.build(NEEDED);
  }

  step(2, `Stopping what runs in ${to}: both runtimes use the same ports`);
  await target.runtime.down({ volumes: false });

  step(3, `Starting the ${from} database and bringing its schema up to date`);
  await source.runtime.startDatabase();
  await upgradeSchema(source, { backup: true });

  step(4, `Counting the rows and backing up the ${from} data`);
  const before = await tableRowCounts(source.runtime.database);
  const backup = await takeBackup(source.runtime.database, settings);
  reporter.info(`Backup: ${shown(backup)} (${describeCounts(before)})`);

  step(5, `Stopping ${from} (its data is kept), starting the ${to} database and migrating it to the same schema`);
  await source.runtime.down({ volumes: false });
  await target.runtime.startDatabase();
  if (await hasData(target.runtime.database, settings)) {
    const replaced = await takeBackup(target.runtime.database, settings);
    reporter.info(`Backed up the ${to} data it replaces: ${shown(replaced)}`);
  }
  await upgradeSchema(target, { backup: false });

  step(6, `Restoring the backup into ${to} and checking it`);
  await target.runtime.database.restore(backup);
  const after = await tableRowCounts(target.runtime.database);
  const differing = Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
  if (differing.length > 0) {
    const rows = differing.map((table) => `  ${table}: ${before[table] ?? 'missing'} in ${from}, ${after[table] ?? 'missing'} in ${to}`);
    throw new Error(
      `the restored data differs from the original:\n${rows.join('\n')}\nNothing else was changed: the ${from} data is as it was ` +
        `(${sourceData}) and \`auto\` still uses ${from}. The backup: ${shown(backup)}.`,
    );
  }
  reporter.info(`Every table matches: ${describeCounts(after)}`);

  step(7, `Recording ${to} as the runtime that holds the data`);
  await recordRuntime(settings, to);
  return { from, sourceData, recordFile: choiceFile(settings) };
}

/** "12 tables, 345 rows". */
function describeCounts(counts: Record<string, number>): string {
  const rows = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return `${Object.keys(counts).length} tables, ${rows} rows`;
}
