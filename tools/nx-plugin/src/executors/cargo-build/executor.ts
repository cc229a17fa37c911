import { buildRelease } from '@coaching/runtime';
import { executor } from '../shared/executor';
import type { CargoBuildExecutorOptions } from './schema';

/** A crate's release build, its binaries where the platform runs them and Nx caches them (releaseDir). */
export default executor<CargoBuildExecutorOptions>('cargo-build', async (options, context) => {
  await buildRelease(context.root, options.crate, options.binaries ?? []);
});
