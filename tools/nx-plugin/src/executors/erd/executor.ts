import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { logger } from '@nx/devkit';
import { erdSvg } from '@coaching/dbml';
import { PLATFORM_SCHEMA } from '@coaching/platform-model';
import { fromWorkspaceRoot } from '../../utils/paths';
import { executor } from '../shared/executor';
import type { ErdExecutorOptions } from './schema';

export default executor<ErdExecutorOptions>('erd', async (options, context) => {
  const dbml = await readFile(fromWorkspaceRoot(context.root, options.dbml ?? 'apps/db/schema.dbml'), 'utf8');
  const output = fromWorkspaceRoot(context.root, options.output ?? 'docs/erd.svg');
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, erdSvg(dbml, options.schema ?? PLATFORM_SCHEMA));
  logger.info(`Wrote ${output}`);
});
