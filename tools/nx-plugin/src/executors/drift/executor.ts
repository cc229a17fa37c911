import { readFile } from 'node:fs/promises';
import { logger } from '@nx/devkit';
import { modelFromDatabase, modelFromDbml, schemaDrift } from '@coaching/dbml';
import { PLATFORM_SCHEMA } from '@coaching/platform-model';
import { fromWorkspaceRoot } from '../../utils/paths';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { DriftExecutorOptions } from './schema';

export default executor<DriftExecutorOptions>('drift', async (options, context) => {
  const dbml = options.dbml ?? 'apps/db/schema.dbml';
  const schema = options.schema ?? PLATFORM_SCHEMA;
  const documented = modelFromDbml(await readFile(fromWorkspaceRoot(context.root, dbml), 'utf8'), schema);
  const { runtime } = await openRuntime(options.runtime, context);
  const live = await modelFromDatabase((sql) => runtime.database.query(sql), schema);
  const differences = schemaDrift(documented, live);
  if (differences.length === 0) {
    logger.info(`${dbml} and the database agree (${Object.keys(live.tables).length} tables, ${Object.keys(live.enums).length} enums).`);
    return true;
  }
  logger.error(`${dbml} and the database disagree:\n${differences.map((line) => `  - ${line}`).join('\n')}`);
  logger.error('Change the migration or the DBML so they match (docs/operations.md#drift).');
  return false;
});
