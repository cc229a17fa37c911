import type { ExecutorContext } from '@nx/devkit';
import {
  DockerRuntime,
  dockerAnswers,
  NativeRuntime,
  readSettings,
  releaseBinaries,
  requireDocker,
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

/** The runtime the user asked for, configured from `.env` and resolved against the workspace root. */
export async function openRuntime(choice: RuntimeChoice, context: ExecutorContext): Promise<OpenedRuntime> {
  const root = context.root;
  const settings = readSettings(root);
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

/** The message of an expected failure (bad settings, a taken port, no engine...) without a stack trace. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
