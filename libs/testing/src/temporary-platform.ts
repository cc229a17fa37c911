import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, EDGE, localUrl, type PlatformSettings } from '@coaching/platform-model';
import type { Reporter } from '@coaching/process';
import { freeServicePorts, NativeRuntime, releaseBinaries } from '@coaching/runtime';
import { up } from '@coaching/use-cases';

export interface TemporaryPlatform {
  runtime: NativeRuntime;
  settings: PlatformSettings;
  apiUrl: string;
  webUrl: string;
  /** Mailpit's web UI and API: the mail the api sent. */
  mailUrl: string;
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
  const settings: PlatformSettings = {
    runtimeEnv: 'development',
    bindAddress: DEFAULTS.BIND_ADDRESS,
    ports: await freeServicePorts(),
    mail: { smtpUrl: undefined, from: DEFAULTS.MAIL_FROM, operator: undefined },
    database: {
      name: DEFAULTS.POSTGRES_DB,
      migrator: { user: DEFAULTS.POSTGRES_USER, password: DEFAULTS.POSTGRES_PASSWORD },
      app: { user: DEFAULTS.POSTGRES_APP_USER, password: DEFAULTS.POSTGRES_APP_PASSWORD },
      superuserPassword: DEFAULTS.POSTGRES_SUPERUSER_PASSWORD,
    },
    composeProject: DEFAULTS.COMPOSE_PROJECT_NAME,
    dataDir: stateDir,
    backupDir: join(stateDir, 'backups'),
    runtime: 'native',
    // Production only.
    secretsDir: join(stateDir, 'secrets'),
    releaseRegistry: undefined,
    offsite: undefined,
    edge: { publicHost: undefined, tlsMode: DEFAULTS.TLS_MODE, ports: { http: EDGE.ports.http.default, https: EDGE.ports.https.default } },
  };
  const runtime = new NativeRuntime({ workspaceRoot, settings, binaries: releaseBinaries(workspaceRoot), reporter });
  const stop = async () => {
    await runtime.down({ volumes: true });
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    // As `npm start` would, its apps built already (the Nx targets that run tests and benchmarks depend on their build).
    await up({ workspaceRoot, settings, runtime, reporter, recordsFirstStart: false }, { build: false, backup: false });
  } catch (error) {
    await stop();
    throw error;
  }
  return { runtime, settings, apiUrl: localUrl(settings, 'api'), webUrl: localUrl(settings, 'web'), mailUrl: localUrl(settings, 'mail'), stop };
}
