import { join } from 'node:path';
import { run, type RunOptions, type RunResult } from './run';

/**
 * Runs the workspace's own `nx` (no npx lookup, no daemon: nested runs would otherwise share one), from the
 * workspace root unless told otherwise.
 */
export function runNx(workspaceRoot: string, args: readonly string[], options: Partial<RunOptions> = {}): Promise<RunResult> {
  const nx = join(workspaceRoot, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  return run(process.execPath, [nx, ...args], {
    ...options,
    cwd: options.cwd ?? workspaceRoot,
    env: { NX_DAEMON: 'false', NX_TUI: 'false', ...options.env },
  });
}
