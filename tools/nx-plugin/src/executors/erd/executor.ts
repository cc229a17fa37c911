import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { erdSvg } from '@coaching/dbml';
import { fromWorkspaceRoot } from '../../utils/paths';
import { describe } from '../platform';
import type { ErdExecutorOptions } from './schema';

export default async function erdExecutor(options: ErdExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const dbml = await readFile(fromWorkspaceRoot(context.root, options.dbml ?? 'apps/db/schema.dbml'), 'utf8');
    const output = fromWorkspaceRoot(context.root, options.output ?? 'docs/erd.svg');
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, erdSvg(dbml, options.schema ?? 'refactor_platform'));
    console.log(`Wrote ${output}`);
    return { success: true };
  } catch (error) {
    console.error(`erd failed: ${describe(error)}`);
    return { success: false };
  }
}
