import type { ExecutorContext } from '@nx/devkit';
import { vi } from 'vitest';
import type { OpenedPlatform, RuntimeChoice } from '@coaching/use-cases';
import { nxReporter } from '../reporter';
import { opened } from '../testing';

/**
 * Stands in for ../runtime in specs that call `vi.mock('../shared/runtime')`: hands out what `opened` holds (the
 * runtime named in `opened.runtimes` when one is asked for by name, else `opened.runtime`), from the context's
 * workspace root. It records nothing as the runtime holding the data.
 */
export const openRuntime = vi.fn(async (choice: RuntimeChoice | undefined, context: ExecutorContext): Promise<OpenedPlatform> => {
  opened.choices.push(choice);
  const named = choice === 'docker' || choice === 'native' ? opened.runtimes[choice] : undefined;
  return {
    workspaceRoot: context.root,
    runtime: named ?? opened.runtime,
    settings: opened.settings as OpenedPlatform['settings'],
    reporter: nxReporter,
    recordsFirstStart: false,
    reason: 'test',
    automatic: choice === undefined,
    alsoRunning: async () => opened.alsoRunning,
  };
});
