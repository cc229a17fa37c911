import { relative } from 'node:path';

/** `file` as people read it: relative to the workspace when it lies inside it (`backups/…`), else as it is. */
export function displayPath(file: string, workspaceRoot: string): string {
  const inside = relative(workspaceRoot, file);
  return inside.startsWith('..') || inside.startsWith('/') ? file : inside;
}
