import type { ExecutorContext } from '@nx/devkit';
import { vi } from 'vitest';
import type { DatabaseTools, Runtime, ServiceStatus } from '@coaching/stack';

/** The smallest ExecutorContext the platform executors read: the workspace root. */
export function executorContext(root = '/workspace'): ExecutorContext {
  return { root, cwd: `${root}/apps/api`, isVerbose: false } as ExecutorContext;
}

export const READY: ServiceStatus[] = [
  { service: 'db', state: 'running', health: 'ready', url: 'postgres://refactor@localhost:5432/refactor_platform' },
  { service: 'api', state: 'running', health: 'ready', url: 'http://localhost:4000' },
  { service: 'web', state: 'running', health: 'ready', url: 'http://localhost:8080' },
];

/** Database tools whose every method is a spy; `query` answers what `answers` says. */
export function fakeDatabase(answers: Record<string, string> = {}): DatabaseTools {
  return {
    runSqlFile: vi.fn(async () => {}),
    query: vi.fn(async (sql: string) => answers[sql] ?? ''),
    dump: vi.fn(async () => {}),
    restore: vi.fn(async () => {}),
    psql: vi.fn(async () => {}),
    api: vi.fn(async () => {}),
  };
}

/** A runtime whose every method is a spy; `isUp` answers false unless told otherwise. */
export function fakeRuntime(overrides: Partial<Runtime> = {}): Runtime {
  return {
    name: 'native',
    isUp: vi.fn(async () => false),
    up: vi.fn(async () => READY),
    down: vi.fn(async () => {}),
    status: vi.fn(async () => READY),
    logs: vi.fn(async () => {}),
    database: fakeDatabase(),
    ...overrides,
  };
}
