import { logger, type ExecutorContext } from '@nx/devkit';
import { vi } from 'vitest';
import { PLATFORM_SCHEMA, SERVICE_NAMES, type PlatformSettings } from '@coaching/platform-model';
import type { DatabaseTools, Runtime, RuntimeName, ServiceStatus } from '@coaching/runtime';
import type { RuntimeChoice } from './runtime';

/** The smallest ExecutorContext the platform executors read: the workspace root. */
export function executorContext(root = '/workspace'): ExecutorContext {
  return { root, cwd: `${root}/apps/api`, isVerbose: false } as ExecutorContext;
}

export const READY: ServiceStatus[] = [
  { service: 'db', state: 'running', health: 'ready', url: `postgres://refactor@localhost:5432/${PLATFORM_SCHEMA}` },
  { service: 'mail', state: 'running', health: 'ready', url: 'http://localhost:8025' },
  { service: 'api', state: 'running', health: 'ready', version: '1.2.3', url: 'http://localhost:4000' },
  { service: 'web', state: 'running', health: 'ready', version: '1.2.3', url: 'http://localhost:8080' },
];

/** Silences the executors' output for one test; specs read what was said from the `logger.info` and `logger.error` spies. */
export function muteLogger(): void {
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockReset().mockImplementation(() => {});
}

/** Database tools whose every method is a spy; `query` and `queryAsSuperuser` answer what `answers` says. */
export function fakeDatabase(answers: Record<string, string> = {}): DatabaseTools {
  return {
    runSqlFile: vi.fn(async () => {}),
    runSqlFileWithSettings: vi.fn(async (): Promise<string[]> => []),
    query: vi.fn(async (sql: string) => answers[sql] ?? ''),
    queryAsSuperuser: vi.fn(async (sql: string) => answers[sql] ?? ''),
    dump: vi.fn(async () => {}),
    restore: vi.fn(async () => {}),
    psql: vi.fn(async () => {}),
    api: vi.fn(async () => {}),
    apiOutput: vi.fn(async () => ''),
  };
}

/** A runtime whose every method is a spy; nothing runs before `up`, and every service after it. */
export function fakeRuntime(overrides: Partial<Runtime> = {}): Runtime {
  return {
    name: 'native',
    services: SERVICE_NAMES,
    buildKind: 'binary',
    startDatabase: vi.fn(async () => {}),
    up: vi.fn(async () => READY),
    instances: vi.fn(async () => ({})),
    down: vi.fn(async () => {}),
    status: vi.fn(async () => READY),
    logs: vi.fn(async () => {}),
    database: fakeDatabase(),
    ...overrides,
  };
}

/**
 * What the mocked `openRuntime` (`vi.mock('../shared/runtime')`, see __mocks__/runtime.ts) hands the executor under
 * test: specs set the runtime and only the settings they read; `choices` records each --runtime asked for. Specs of
 * commands that open both runtimes set `runtimes` (asked for by name), where each holds data (`data`, as `dataIn`
 * answers) and what the runtime `auto` did not choose runs (`alsoRunning`).
 */
export const opened = {
  runtime: fakeRuntime(),
  settings: {} as DeepPartial<PlatformSettings>,
  choices: [] as (RuntimeChoice | undefined)[],
  runtimes: {} as Partial<Record<RuntimeName, Runtime>>,
  data: {} as Partial<Record<RuntimeName, string>>,
  alsoRunning: undefined as { runtime: Runtime; services: string[] } | undefined,
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A fresh runtime with `settings`, for the mocked `openRuntime` to hand out; returns the runtime. */
export function openWith(settings: DeepPartial<PlatformSettings> = {}, runtime: Runtime = fakeRuntime()): Runtime {
  Object.assign(opened, { runtime, settings, choices: [], runtimes: {}, data: {}, alsoRunning: undefined });
  return runtime;
}
