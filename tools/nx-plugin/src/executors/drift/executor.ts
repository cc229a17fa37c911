import { readFile } from 'node:fs/promises';
import type { ExecutorContext } from '@nx/devkit';
import pg from 'pg';
import { modelFromDatabase, modelFromDbml, schemaDrift } from '@coaching/dbml';
import { databaseUrl, readSettings } from '@coaching/stack';
import { fromWorkspaceRoot } from '../../utils/paths';
import { describe } from '../platform';
import type { DriftExecutorOptions } from './schema';

export default async function driftExecutor(options: DriftExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const dbml = options.dbml ?? 'apps/db/schema.dbml';
  const schema = options.schema ?? 'refactor_platform';
  try {
    const documented = modelFromDbml(await readFile(fromWorkspaceRoot(context.root, dbml), 'utf8'), schema);
    // Both runtimes publish the database on this machine, as DB_PORT says.
    const settings = readSettings(context.root);
    const client = new pg.Client({ connectionString: databaseUrl(settings, '127.0.0.1', settings.ports.db) });
    await client.connect();
    const live = await modelFromDatabase(client, schema).finally(() => client.end());
    const differences = schemaDrift(documented, live);
    if (differences.length === 0) {
      console.log(`${dbml} and the database agree (${Object.keys(live.tables).length} tables, ${Object.keys(live.enums).length} enums).`);
      return { success: true };
    }
    console.error(`${dbml} and the database disagree:\n${differences.map((line) => `  - ${line}`).join('\n')}`);
    console.error('Change the migration or the DBML so they match (docs/operations.md#drift).');
    return { success: false };
  } catch (error) {
    console.error(`drift failed: ${describe(error)}`);
    return { success: false };
  }
}
