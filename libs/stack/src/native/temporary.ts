import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports';
import { DEFAULTS, type PlatformSettings } from '../settings';
import { NativeRuntime } from './runtime';

/** Release binaries as `nx run <app>:build` leaves them (CARGO_TARGET_DIR is honoured like cargo does). */
export function releaseBinaries(workspaceRoot: string): { api: string; web: string } {
  const targetDir = process.env.CARGO_TARGET_DIR || join(workspaceRoot, 'target');
  return { api: join(targetDir, 'release', 'api'), web: join(targetDir, 'release', 'web') };
}

export interface TemporaryPlatform {
  runtime: NativeRuntime;
  settings: PlatformSettings;
  apiUrl: string;
  webUrl: string;
  /** Stops everything and deletes the folder. */
  stop(): Promise<void>;
}

/**
 * The whole platform (PostgreSQL, migrated and seeded api, web) run by the same native runtime as `npm start`,
 * but in a temporary folder on free ports, so tests and benchmarks never touch a developer's own platform.
 */
export async function startTemporaryPlatform(workspaceRoot: string): Promise<TemporaryPlatform> {
  const stateDir = await mkdtemp(join(tmpdir(), 'platform-'));
  // As root, PostgreSQL runs as another user, which must be able to enter this folder.
  await chmod(stateDir, 0o755);
  const settings: PlatformSettings = {
    runtimeEnv: 'development',
    bindAddress: '127.0.0.1',
    ports: { db: await freePort(), api: await freePort(), web: await freePort() },
    database: {
      name: DEFAULTS.POSTGRES_DB,
      user: DEFAULTS.POSTGRES_USER,
      password: DEFAULTS.POSTGRES_PASSWORD,
      superuserPassword: DEFAULTS.POSTGRES_SUPERUSER_PASSWORD,
    },
    composeProject: DEFAULTS.COMPOSE_PROJECT_NAME,
    dataDir: stateDir,
    backupDir: join(stateDir, 'backups'),
    runtime: 'native',
  };
  const runtime = new NativeRuntime({
    workspaceRoot,
    settings,
    services: ['db', 'api', 'web'],
    binaries: releaseBinaries(workspaceRoot),
  });
  const stop = async () => {
    await runtime.down({ volumes: true });
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    await runtime.up({ services: ['db', 'api', 'web'] });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    runtime,
    settings,
    apiUrl: `http://127.0.0.1:${settings.ports.api}`,
    webUrl: `http://127.0.0.1:${settings.ports.web}`,
    stop,
  };
}
