import type { RuntimeChoice } from '../shared/runtime';

export interface StatusExecutorOptions {
  runtime?: RuntimeChoice;
}
