import { logger } from '@nx/devkit';
import type { Reporter } from '@coaching/process';

/** The Reporter executors hand the libraries: Nx's logger, so what a library says reads like the executor's own lines. */
export const nxReporter: Reporter = {
  info: (message) => logger.info(message),
  warn: (message) => logger.warn(message),
  progress: (message) => logger.info(message),
};
