import { logger } from '@nx/devkit';
import { upgrade } from '@coaching/use-cases';
import { executor } from '../shared/executor';
import { nxReporter } from '../shared/reporter';
import { openRuntime } from '../shared/runtime';
import type { UpgradeExecutorOptions } from './schema';

/** Moves the platform to a release, the newest unless `--release` names one (the `upgrade` use case). */
export default executor<UpgradeExecutorOptions>('upgrade', async (options, context) => {
  const outcome = await upgrade({
    workspaceRoot: context.root,
    release: options.release,
    reporter: nxReporter,
    openPlatform: () => openRuntime(undefined, context),
  });
  logger.info(outcome);
});
