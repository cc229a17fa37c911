import type { ExecutorContext } from '@nx/devkit';
import { openPlatform, type OpenedPlatform, type RuntimeChoice } from '@coaching/use-cases';
import { nxReporter } from './reporter';

/**
 * The platform an executor works on: the runtime `--runtime` names (Nx forwards it to the tasks a target depends
 * on), else PLATFORM_RUNTIME, else `auto` (openPlatform), from the workspace root, reporting through Nx's logger.
 * `environment` is where the settings come from besides `.env` (`up --production` sets RUNTIME_ENV in it).
 */
export function openRuntime(
  option: RuntimeChoice | undefined,
  context: ExecutorContext,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<OpenedPlatform> {
  return openPlatform({ runtime: option, workspaceRoot: context.root, reporter: nxReporter, environment });
}
