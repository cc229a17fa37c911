import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { dbmlToSql } from '@coaching/dbml';
import { fromWorkspaceRoot } from '../../utils/paths';
import { describe } from '../platform';
import type { DbmlSqlExecutorOptions } from './schema';

export default async function dbmlSqlExecutor(options: DbmlSqlExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const source = fromWorkspaceRoot(context.root, options.dbml ?? 'apps/db/schema.dbml');
    const output = fromWorkspaceRoot(context.root, options.output ?? 'dist/apps/db/schema.sql');
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, dbmlToSql(await readFile(source, 'utf8')));
    console.log(`Wrote ${output}`);
    return { success: true };
  } catch (error) {
    console.error(`dbml-sql failed: ${describe(error)}`);
    return { success: false };
  }
}
