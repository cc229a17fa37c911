import type { RuntimeChoice } from '../platform';

export interface DownExecutorOptions {
  runtime?: RuntimeChoice;
  volumes?: boolean;
  yes?: boolean;
}
