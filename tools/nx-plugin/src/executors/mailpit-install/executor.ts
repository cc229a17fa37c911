import { logger } from '@nx/devkit';
import { mailpit } from '@coaching/tool-cache';
import { executor } from '../shared/executor';
import { nxReporter } from '../shared/reporter';
import type { MailpitInstallExecutorOptions } from './schema';

/** Mailpit in the machine's tool cache, where the Rust tests (testkit::mail) find it. */
export default executor<MailpitInstallExecutorOptions>('mailpit-install', async () => {
  logger.info(`Mailpit: ${await mailpit(nxReporter)}`);
});
