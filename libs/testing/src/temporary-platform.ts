import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localUrl, type PlatformSettings } from '@coaching/platform-model';
import type { Reporter } from '@coaching/process';
import { freeServicePorts, NativeRuntime, releaseBinaries, settingsInFolder } from '@coaching/runtime';
import { up } from '@coaching/use-cases';

export interface TemporaryPlatform {
  runtime: NativeRuntime;
  settings: PlatformSettings;
  apiUrl: string;
  webUrl: string;
  /** The mail catcher's web page and API (MailDev's): the mail the api sent. */
  mailUrl: string;
  /** Stops the services and starts them again, the data kept: how a server setting that needs a restart takes effect. */
  restart(): Promise<void>;
  /** Stops everything and deletes the folder. */
  stop(): Promise<void>;
}

/**
 * The whole platform (PostgreSQL, the mail catcher, migrated and seeded api, web) run by the same native runtime as `npm start`,
 * but in a temporary folder on free ports, so tests and benchmarks never touch a developer's own platform.
 */
export async function startTemporaryPlatform(workspaceRoot: string, reporter: Reporter): Promise<TemporaryPlatform> {
  const stateDir = await mkdtemp(join(tmpdir(), 'platform-'));
  // As root, PostgreSQL runs as another user, which must be able to enter this folder.
  await chmod(stateDir, 0o755);
  const settings = settingsInFolder(stateDir, await freeServicePorts());
  const runtime = new NativeRuntime({ workspaceRoot, settings, binaries: releaseBinaries(workspaceRoot), reporter });
  const stop = async () => {
    await runtime.down({ volumes: true });
    await rm(stateDir, { recursive: true, force: true });
  };
  // As `npm start` would, its apps built already (the Nx targets that run tests and benchmarks depend on their build).
  const start = () => up({ workspaceRoot, settings, runtime, reporter, recordsFirstStart: false }, { build: false, backup: false });
  const restart = async () => {
    await runtime.down({ volumes: false });
    await start();
  };
  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    runtime,
    settings,
    apiUrl: localUrl(settings, 'api'),
    webUrl: localUrl(settings, 'web'),
    mailUrl: localUrl(settings, 'mail'),
    restart,
    stop,
  };
}
