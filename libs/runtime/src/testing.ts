/**
 * Test doubles of the runtime (`@coaching/runtime/testing`, for specs only): a runtime and database tools whose every
 * primitive is a vitest spy, so a spec of a use case or an executor can count and order the primitives it calls.
 */
import { vi } from 'vitest';
import { PLATFORM_SCHEMA, SERVICE_NAMES } from '@coaching/platform-model';
import type { DatabaseTools, Runtime, ServiceStatus } from './runtime';

/** Every service running and ready, as `up` and `status` of the fake runtime answer. */
export const READY: ServiceStatus[] = [
  { service: 'db', state: 'running', health: 'ready', url: `postgres://refactor@localhost:5432/${PLATFORM_SCHEMA}` },
  { service: 'mail', state: 'running', health: 'ready', url: 'http://localhost:8025' },
  { service: 'api', state: 'running', health: 'ready', version: '1.2.3', url: 'http://localhost:4000' },
  { service: 'web', state: 'running', health: 'ready', version: '1.2.3', url: 'http://localhost:8080' },
];

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
    build: vi.fn(async () => {}),
    checkPorts: vi.fn(async () => {}),
    startDatabase: vi.fn(async () => {}),
    up: vi.fn(async () => READY),
    heldData: vi.fn(async () => undefined),
    instances: vi.fn(async () => ({})),
    down: vi.fn(async () => {}),
    status: vi.fn(async () => READY),
    logs: vi.fn(async () => {}),
    database: fakeDatabase(),
    ...overrides,
  };
}
