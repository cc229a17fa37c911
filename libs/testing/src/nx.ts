import { workspaceRoot } from '@nx/devkit';
import type { PlatformSettings } from '@coaching/platform-model';
import { RunError, runNx } from '@coaching/process';
import { readSettings } from '@coaching/runtime';

/** The outcome of one `nx` command: whether it succeeded, and everything it printed. */
export interface NxOutcome {
  ok: boolean;
  output: string;
}

/**
 * Runs `nx <args>` as a person would, with `env` on top (ports, project name...), from the workspace root or
 * from `directory` inside it.
 */
export function nx(args: string[], env: Record<string, string>, directory = '.'): Promise<NxOutcome> {
  return nxIn(workspaceRoot, args, env, directory);
}

/** `nx` in another checkout (a copy with the next version, see checkout.ts). */
export async function nxIn(root: string, args: string[], env: Record<string, string>, directory = '.'): Promise<NxOutcome> {
  try {
    const { stdout, stderr } = await runNx(root, [...args, '--output-style=stream'], {
      cwd: `${root}/${directory}`,
      env: { NX_NO_CLOUD: 'true', ...env },
    });
    return { ok: true, output: `${stdout}\n${stderr}` };
  } catch (error) {
    if (error instanceof RunError) return { ok: false, output: error.message };
    throw error;
  }
}

/**
 * `nx run platform:<target> --runtime=<runtime> <args>`, as `nx` runs it; `env` is read at each call (specs fill
 * it in in beforeAll).
 */
export function platformTargets(runtime: 'docker' | 'native', env: () => Record<string, string>) {
  return (target: string, ...args: string[]): Promise<NxOutcome> => nx(['run', `platform:${target}`, `--runtime=${runtime}`, ...args], env());
}

/** The settings the commands `nx(args, env)` runs see: `.env` and this environment, with `env` on top. */
export function settingsWith(env: Record<string, string>): PlatformSettings {
  return readSettings(workspaceRoot, { ...process.env, ...env });
}
