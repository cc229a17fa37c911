import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { afterEach, beforeEach, vi } from 'vitest';
import type { PlatformSettings } from '@coaching/platform-model';
import type { Runtime, RuntimeName } from '@coaching/runtime';
import { fakeRuntime } from '@coaching/runtime/testing';
import type { RuntimeChoice } from '@coaching/use-cases';

/** The smallest ExecutorContext the platform executors read: the workspace root. */
export function executorContext(root = '/workspace'): ExecutorContext {
  return { root, cwd: `${root}/apps/api`, isVerbose: false } as ExecutorContext;
}

/** A new empty folder for each test of the calling `describe` (its logger muted too), removed after it: the getter answers the current test's. */
export function folderPerTest(prefix: string): () => string {
  let folder = '';
  beforeEach(() => {
    muteLogger();
    folder = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  return () => folder;
}

/** Silences the executors' output for one test; specs read what was said from the `logger.info` and `logger.error` spies. */
export function muteLogger(): void {
  for (const level of ['info', 'warn', 'error'] as const)
    vi.spyOn(logger, level)
      .mockReset()
      .mockImplementation(() => {});
}

/**
 * What the mocked `openRuntime` (`vi.mock('../shared/runtime')`, see __mocks__/runtime.ts) hands the executor under
 * test: specs set the runtime and only the settings they read; `choices` records each --runtime asked for. Specs of
 * commands that open both runtimes set `runtimes` (asked for by name), and those of `status` and `down` what the
 * runtime `auto` did not choose runs (`alsoRunning`).
 */
export const opened = {
  runtime: fakeRuntime(),
  settings: {} as DeepPartial<PlatformSettings>,
  choices: [] as (RuntimeChoice | undefined)[],
  runtimes: {} as Partial<Record<RuntimeName, Runtime>>,
  alsoRunning: undefined as { runtime: Runtime; services: string[] } | undefined,
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A fresh runtime with `settings`, for the mocked `openRuntime` to hand out; returns the runtime. */
export function openWith(settings: DeepPartial<PlatformSettings> = {}, runtime: Runtime = fakeRuntime()): Runtime {
  Object.assign(opened, { runtime, settings, choices: [], runtimes: {}, alsoRunning: undefined });
  return runtime;
}
