import type { RuntimeChoice } from '../platform';

export interface StatusExecutorOptions {
  runtime?: RuntimeChoice;
}
