import type { RuntimeChoice } from '../shared/runtime';

export interface BackupExecutorOptions {
  runtime?: RuntimeChoice;
}
