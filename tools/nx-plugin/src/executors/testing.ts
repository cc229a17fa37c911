import type { ExecutorContext } from '@nx/devkit';
import { vi } from 'vitest';
import type { Runtime, ServiceStatus } from '@coaching/stack';

/** The smallest ExecutorContext the platform executors read: the workspace root. */
export function executorContext(root = '/workspace'): ExecutorContext {
  return { root, cwd: `${root}/apps/api`, isVerbose: false } as ExecutorContext;
}

export const READY: ServiceStatus[] = [
  { service: 'db', state: 'running', health: 'ready', url: 'postgres://refactor@localhost:5432/refactor_platform' },
  { service: 'api', state: 'running', health: 'ready', url: 'http://localhost:4000' },
  { service: 'web', state: 'running', health: 'ready', url: 'http://localhost:8080' },
];

/** A runtime whose every method is a spy; `isUp` answers false unless told otherwise. */
export function fakeRuntime(overrides: Partial<Runtime> = {}): Runtime {
  return {
    name: 'native',
    isUp: vi.fn(async () => false),
    up: vi.fn(async () => READY),
    down: vi.fn(async () => {}),
    status: vi.fn(async () => READY),
    psql: vi.fn(async () => {}),
    logs: vi.fn(async () => {}),
    ...overrides,
  };
}
