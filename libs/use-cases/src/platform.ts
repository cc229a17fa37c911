import { releaseRecord, workspaceVersion } from '@coaching/deployment';
import type { PlatformSettings } from '@coaching/platform-model';
import type { Reporter } from '@coaching/process';
import {
  choiceFacts,
  chooseRuntime,
  DataUnreachableError,
  dockerAnswers,
  DockerRuntime,
  NativeRuntime,
  otherRuntime,
  readSettings,
  recordedRuntime,
  recordFirstRuntime,
  releaseBinaries,
  requireDocker,
  type Runtime,
  type RuntimeName,
} from '@coaching/runtime';
import { Refusal } from './refusal';

/** What every use case works on: a runtime with its settings, the workspace it runs from, and whom to tell. */
export interface Platform {
  workspaceRoot: string;
  settings: PlatformSettings;
  runtime: Runtime;
  reporter: Reporter;
  /**
   * Whether the first start of its database records this runtime as the one holding the data (startDatabase): so it
   * is when PLATFORM_RUNTIME or `auto` chose it, not for a one-off `--runtime` (a test's, a look at the other side).
   */
  recordsFirstStart: boolean;
}

/** A platform as `openPlatform` chose it. */
export interface OpenedPlatform extends Platform {
  /** Why this runtime was chosen, for the person. */
  reason: string;
  /** Whether `auto` chose it: `status` and `down` then look at the other runtime too. */
  automatic: boolean;
  /**
   * When `auto` chose, the other runtime and the services it runs now (none when it runs nothing, or it is docker and
   * no engine answers): `status` shows them, `down` stops them too. Both runtimes use the same ports.
   */
  alsoRunning(): Promise<{ runtime: Runtime; services: string[] } | undefined>;
}

/** Where the platform runs (`--runtime`, PLATFORM_RUNTIME): `auto` keeps to the runtime holding the data, else picks docker when an engine answers, native otherwise. */
export type RuntimeChoice = PlatformSettings['runtime'];

export interface OpenOptions {
  /** `--runtime` as given on the command line; undefined falls back to PLATFORM_RUNTIME. */
  runtime: RuntimeChoice | undefined;
  workspaceRoot: string;
  reporter: Reporter;
  /** Where the settings come from besides `.env` (`up --production` sets RUNTIME_ENV in it). */
  environment?: NodeJS.ProcessEnv;
}

/**
 * The platform the person asked for (`--runtime`, else PLATFORM_RUNTIME from the environment or .env), configured
 * from `.env`. Production runs in containers only: its HTTPS edge, network isolation and secret files are the Compose
 * stack's. `auto` keeps to the runtime holding the data (chooseRuntime).
 */
export async function openPlatform({ runtime: option, workspaceRoot, reporter, environment = process.env }: OpenOptions): Promise<OpenedPlatform> {
  const settings = readSettings(workspaceRoot, environment);
  const choice = option ?? settings.runtime;
  const opened = async (name: RuntimeName, reason: string, automatic: boolean, recordsFirstStart: boolean): Promise<OpenedPlatform> => {
    const platform = {
      workspaceRoot,
      settings,
      reporter,
      runtime: await createRuntime(name, { workspaceRoot, settings, reporter }),
      recordsFirstStart,
    };
    return { ...platform, reason, automatic, alsoRunning: () => (automatic ? runningIn(otherRuntime(name), platform) : Promise.resolve(undefined)) };
  };
  if (settings.runtimeEnv === 'production') {
    if (choice === 'native') throw new Refusal('The production stack runs with Docker (RUNTIME_ENV=production): use --runtime=docker or auto.');
    await requireDocker(workspaceRoot, ['compose']);
    return opened('docker', 'the production stack runs with Docker', false, false);
  }
  if (settings.releaseRegistry && choice === 'native') {
    throw new Refusal(`RELEASE_REGISTRY runs the published images of a release, which only the docker runtime runs: use --runtime=docker or auto.`);
  }
  if (choice !== 'auto') {
    if (choice === 'docker') await requireDocker(workspaceRoot, ['compose']);
    const recorded = recordedRuntime(settings);
    const separate = recorded && recorded !== choice ? `; the platform's data is in ${recorded}, this is a separate platform` : '';
    const asked = option ? `--runtime=${choice}` : `PLATFORM_RUNTIME=${choice}`;
    return opened(choice, `asked for with ${asked}${separate}`, false, option === undefined);
  }
  const facts = await choiceFacts(workspaceRoot, settings, await dockerAnswers(workspaceRoot));
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
  return opened(chosen.name, chosen.reason, true, true);
}

/**
 * The runtime `name`, with these settings: native runs the release binaries `nx run <app>:build` leaves; docker the
 * images built here, or with RELEASE_REGISTRY those of the checked-out release (its record, read once).
 */
async function createRuntime(
  name: RuntimeName,
  { workspaceRoot, settings, reporter }: Omit<Platform, 'runtime' | 'recordsFirstStart'>,
): Promise<Runtime> {
  if (name === 'native') return new NativeRuntime({ workspaceRoot, settings, binaries: releaseBinaries(workspaceRoot), reporter });
  const release = settings.releaseRegistry
    ? await releaseRecord(workspaceRoot, settings.releaseRegistry, workspaceVersion(workspaceRoot), reporter)
    : undefined;
  return new DockerRuntime({ workspaceRoot, settings, release, reporter });
}

/**
 * Starts the platform's database. The first runtime to start one records itself as the runtime holding the data
 * (when `recordsFirstStart`; a runtime recorded already stays): from then on `auto` keeps to it, even on a day Docker
 * is down.
 */
export async function startDatabase({ runtime, settings, recordsFirstStart }: Platform): Promise<void> {
  await runtime.startDatabase();
  if (recordsFirstStart) await recordFirstRuntime(settings, runtime.name);
}

/** The runtime `name` with the settings of `platform`, and the services it runs now, if any (for docker: if an engine answers). */
async function runningIn(
  name: RuntimeName,
  platform: Omit<Platform, 'runtime' | 'recordsFirstStart'>,
): Promise<{ runtime: Runtime; services: string[] } | undefined> {
  if (name === 'docker' && !(await dockerAnswers(platform.workspaceRoot))) return undefined;
  const runtime = await createRuntime(name, platform);
  const services = Object.keys(await runtime.instances());
  return services.length > 0 ? { runtime, services } : undefined;
}
