import type { ExecutorContext } from '@nx/devkit';
import {
  NativeRuntime,
  readSettings,
  releaseBinaries,
  type PlatformSettings,
  type Runtime,
  type ServiceName,
} from '@coaching/stack';

/** Every service of the platform, in start order. */
export const PLATFORM_SERVICES: readonly ServiceName[] = ['db', 'api', 'web'];

/** Which runtime to use: `auto` picks one and says why. */
export type RuntimeChoice = 'auto' | 'native';

export interface OpenedRuntime {
  runtime: Runtime;
  settings: PlatformSettings;
  /** Why this runtime was chosen, for the user. */
  reason: string;
}

/** The runtime the user asked for, configured from `.env` and resolved against the workspace root. */
export function openRuntime(choice: RuntimeChoice, context: ExecutorContext): OpenedRuntime {
  const settings = readSettings(context.root);
  const runtime = new NativeRuntime({
    workspaceRoot: context.root,
    settings,
    services: PLATFORM_SERVICES,
    binaries: releaseBinaries(context.root),
  });
  const reason = choice === 'native' ? 'asked for with --runtime=native' : 'the only runtime this workspace has';
  return { runtime, settings, reason };
}

/** The message of an expected failure (bad settings, a taken port...) without a stack trace. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
