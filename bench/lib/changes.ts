import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';

const CHANGED_FILE = join(workspaceRoot, 'apps', 'api', 'src', 'routes', 'health.rs');

/** Runs `action` with a one-line change in apps/api (a new api binary, same behaviour), restoring the file afterwards whatever happens. */
export async function withOneLineChange(action: () => Promise<void>): Promise<void> {
  const original = await readFile(CHANGED_FILE, 'utf8');
  const changed = original.replace('status: "ok".to_owned()', 'status: "ok ".trim_end().to_owned()');
  if (changed === original) throw new Error(`cannot find the line to change in ${CHANGED_FILE}`);
  await writeFile(CHANGED_FILE, changed);
  try {
    await action();
  } finally {
    await writeFile(CHANGED_FILE, original);
  }
}
