import { workspaceRoot } from '@nx/devkit';
import { freePort, RunError, runNx } from '@coaching/stack';

/** The outcome of one `nx` command: whether it succeeded, and everything it printed. */
export interface NxOutcome {
  ok: boolean;
  output: string;
}

/**
 * Runs `nx <args>` as a person would, with `env` on top (ports, project name...), from the workspace root or
 * from `directory` inside it.
 */
export async function nx(args: string[], env: Record<string, string>, directory = '.'): Promise<NxOutcome> {
  try {
    const { stdout, stderr } = await runNx(workspaceRoot, [...args, '--output-style=stream'], {
      cwd: `${workspaceRoot}/${directory}`,
      env: { NX_NO_CLOUD: 'true', ...env },
    });
    return { ok: true, output: `${stdout}\n${stderr}` };
  } catch (error) {
    if (error instanceof RunError) return { ok: false, output: error.message };
    throw error;
  }
}

/** Ports nobody uses, as the variables the platform reads. */
export async function freePorts(): Promise<{ DB_PORT: string; API_PORT: string; WEB_PORT: string }> {
  return { DB_PORT: String(await freePort()), API_PORT: String(await freePort()), WEB_PORT: String(await freePort()) };
}
