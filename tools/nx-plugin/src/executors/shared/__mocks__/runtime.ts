import { vi } from 'vitest';
import type { OpenedRuntime, RuntimeChoice } from '../runtime';
import { opened } from '../testing';

/** Stands in for ../runtime in specs that call `vi.mock('../shared/runtime')`: hands out what `opened` holds. */
export const openRuntime = vi.fn(async (choice: RuntimeChoice | undefined): Promise<OpenedRuntime> => {
  opened.choices.push(choice);
  return { runtime: opened.runtime, settings: opened.settings as OpenedRuntime['settings'], reason: 'test' };
});

/** Builds nothing; specs read what would have been built from the calls. */
export const buildFor = vi.fn(async () => {});
