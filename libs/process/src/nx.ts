import { join } from 'node:path';
import { run, type RunOptions, type RunResult } from './run';

/**
 * Runs the workspace's own `nx` (no npx lookup, no daemon: nested runs would otherwise share one), from the
 * workspace root unless told otherwise. It is a root of its own: Nx records the tasks of every nested run under the
 * outermost run's pid (NX_INVOCATION_ROOT_PID) to catch loops, so two tasks of one `run-many` that each run
 * `nx run platform:down` at the same moment would be taken for a loop and stopped.
 */
export function runNx(workspaceRoot: string, args: readonly string[], options: Partial<RunOptions> = {}): Promise<RunResult> {
  const nx = join(workspaceRoot, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  return run(process.execPath, [nx, ...args], {
    ...options,
    cwd: options.cwd ?? workspaceRoot,
    env: { NX_DAEMON: 'false', NX_TUI: 'false', NX_INVOCATION_ROOT_PID: undefined, ...options.env },
  });
}
