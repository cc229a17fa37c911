import type { RuntimeChoice } from '../shared/runtime';

export interface DownExecutorOptions {
  runtime?: RuntimeChoice;
  volumes?: boolean;
  yes?: boolean;
}
