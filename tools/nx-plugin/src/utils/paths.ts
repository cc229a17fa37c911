import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Absolute path of `segments` inside the workspace. Nx strips `{workspaceRoot}/` from options and may be
 * started from any folder, so paths are resolved against the workspace root and never against `process.cwd()`.
 */
export function fromWorkspaceRoot(workspaceRoot: string, ...segments: string[]): string {
  if (!isAbsolute(workspaceRoot)) {
    throw new Error(`The workspace root must be an absolute path, got "${workspaceRoot}".`);
  }
  return resolve(workspaceRoot, ...segments);
}

/** Workspace-relative, `/`-separated form of an absolute path: the shape Nx uses for project roots and files. */
export function toWorkspaceRelative(workspaceRoot: string, absolutePath: string): string {
  return relative(workspaceRoot, absolutePath).split(sep).join('/');
}
