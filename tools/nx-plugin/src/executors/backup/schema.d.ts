import type { RuntimeChoice } from '../platform';

export interface BackupExecutorOptions {
  runtime?: RuntimeChoice;
}
