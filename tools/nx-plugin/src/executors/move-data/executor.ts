import { logger } from '@nx/devkit';
import { choiceFile, displayPath, hasData, otherRuntime, recordRuntime, tableRowCounts, takeBackup, upgradeSchema } from '@coaching/runtime';
import { requireConfirmation } from '../shared/confirm';
import { executor, Refusal } from '../shared/executor';
import { nxReporter } from '../shared/reporter';
import { buildFor, dataIn, openRuntime } from '../shared/runtime';
import type { MoveDataExecutorOptions } from './schema';

/** What each step needs built: the database, and the api that migrates it. */
const NEEDED = ['db', 'api'] as const;

/**
 * Moves the platform's data from one runtime to the other: a backup of the one holding it, restored into the other
 * (migrated to the same schema first), checked by counting every table's rows on both sides, then recorded as the
 * runtime `auto` uses. The two databases share a port, so each runs alone. The old copy is kept, stopped.
 */
export default executor<MoveDataExecutorOptions>('move-data', async (options, context) => {
  const to = options.to;
  const from = otherRuntime(to);
  // Docker first: it is the only runtime production has, so production gets this refusal rather than native's.
  const docker = await openRuntime('docker', context);
  const { settings } = docker;
  if (settings.runtimeEnv === 'production') {
    throw new Refusal('move-data is for development: production keeps its data in Docker only (RUNTIME_ENV=production).');
  }
  const native = await openRuntime('native', context);
  const source = from === 'docker' ? docker.runtime : native.runtime;
  const target = to === 'docker' ? docker.runtime : native.runtime;
  const steps = 7;
  const step = (number: number, text: string) => logger.info(`\n[${number}/${steps}] ${text}`);

  step(1, `Checking where the data is`);
  const sourceData = await dataIn(from, context, settings);
  if (!sourceData) throw new Refusal(`Nothing to move: the ${from} runtime holds no platform data.`);
  const targetData = await dataIn(to, context, settings);
  if (targetData && !options.replace) {
    throw new Refusal(
      `The ${to} runtime holds data already (${targetData}): nothing was changed. Add --replace to replace it with the ${from} data ` +
        '(asks first, and backs it up before).',
    );
  }
  if (targetData) {
    await requireConfirmation(`This replaces the data in ${to} (${targetData}) with the data in ${from} (${sourceData}); a backup of it is taken first.`, options.yes);
  }
  logger.info(`From ${from} (${sourceData}) to ${to}${targetData ? ` (replacing ${targetData})` : ''}`);
  if (options.build !== false) {
    await buildFor(source, NEEDED, context.root);
    await buildFor(target, NEEDED, context.root);
  }

  step(2, `Stopping what runs in ${to}: both runtimes use the same ports`);
  await target.down({ volumes: false });

  step(3, `Starting the ${from} database and bringing its schema up to date`);
  await source.startDatabase();
  await upgradeSchema(source.database, settings, nxReporter, { backup: true });

  step(4, `Counting the rows and backing up the ${from} data`);
  const before = await tableRowCounts(source.database);
  const backup = await takeBackup(source.database, settings);
  logger.info(`Backup: ${displayPath(backup, context.root)} (${describeCounts(before)})`);

  step(5, `Stopping ${from} (its data is kept), starting the ${to} database and migrating it to the same schema`);
  await source.down({ volumes: false });
  await target.startDatabase();
  if (await hasData(target.database, settings)) {
    const replaced = await takeBackup(target.database, settings);
    logger.info(`Backed up the ${to} data it replaces: ${displayPath(replaced, context.root)}`);
  }
  await upgradeSchema(target.database, settings, nxReporter, { backup: false });

  step(6, `Restoring the backup into ${to} and checking it`);
  await target.database.restore(backup);
  const after = await tableRowCounts(target.database);
  const differing = Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
  if (differing.length > 0) {
    const rows = differing.map((table) => `  ${table}: ${before[table] ?? 'missing'} in ${from}, ${after[table] ?? 'missing'} in ${to}`);
    throw new Error(
      `the restored data differs from the original:\n${rows.join('\n')}\nNothing else was changed: the ${from} data is as it was ` +
        `(${sourceData}) and \`auto\` still uses ${from}. The backup: ${displayPath(backup, context.root)}.`,
    );
  }
  logger.info(`Every table matches: ${describeCounts(after)}`);

  step(7, `Recording ${to} as the runtime that holds the data`);
  await recordRuntime(settings, to);
  logger.info(
    [
      `\nDone: the data is now in ${to}; \`auto\` uses ${to} from now on (recorded in ${displayPath(choiceFile(settings), context.root)}).`,
      `Start the platform: npx nx run platform:up   (or: make up)`,
      `The old copy stays in ${from} (${sourceData}), stopped. Once you are sure you no longer need it, delete it with:`,
      `  npx nx run platform:down --runtime=${from} --volumes --yes`,
    ].join('\n'),
  );
});

/** "12 tables, 345 rows". */
function describeCounts(counts: Record<string, number>): string {
  const rows = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return `${Object.keys(counts).length} tables, ${rows} rows`;
}
