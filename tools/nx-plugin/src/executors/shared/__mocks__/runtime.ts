import { vi } from 'vitest';
import type { RuntimeName } from '@coaching/runtime';
import type { OpenedRuntime, RuntimeChoice } from '../runtime';
import { opened } from '../testing';

/**
 * Stands in for ../runtime in specs that call `vi.mock('../shared/runtime')`: hands out what `opened` holds (the
 * runtime named in `opened.runtimes` when one is asked for by name, else `opened.runtime`).
 */
export const openRuntime = vi.fn(async (choice: RuntimeChoice | undefined): Promise<OpenedRuntime> => {
  opened.choices.push(choice);
  const named = choice === 'docker' || choice === 'native' ? opened.runtimes[choice] : undefined;
  return { runtime: named ?? opened.runtime, settings: opened.settings as OpenedRuntime['settings'], reason: 'test', automatic: choice === undefined };
});

/** Builds nothing; specs read what would have been built from the calls. */
export const buildFor = vi.fn(async () => {});

/** Where each runtime holds data, as `opened.data` says. */
export const dataIn = vi.fn(async (name: RuntimeName) => opened.data[name]);

/** The other runtime's running services, as `opened.alsoRunning` says. */
export const alsoRunning = vi.fn(async () => opened.alsoRunning);
