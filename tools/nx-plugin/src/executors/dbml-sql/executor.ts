import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { logger } from '@nx/devkit';
import { dbmlToSql } from '@coaching/dbml';
import { fromWorkspaceRoot } from '../../utils/paths';
import { executor } from '../shared/executor';
import type { DbmlSqlExecutorOptions } from './schema';

export default executor<DbmlSqlExecutorOptions>('dbml-sql', async (options, context) => {
  const source = fromWorkspaceRoot(context.root, options.dbml ?? 'apps/db/schema.dbml');
  const output = fromWorkspaceRoot(context.root, options.output ?? 'dist/apps/db/schema.sql');
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, dbmlToSql(await readFile(source, 'utf8')));
  logger.info(`Wrote ${output}`);
});
