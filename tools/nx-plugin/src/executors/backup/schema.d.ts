import type { RuntimeChoice } from '@coaching/use-cases';

export interface BackupExecutorOptions {
  /** Backups of this database to keep, the new one included; older ones are deleted. Unset: none is deleted. */
  keep?: number;
  runtime?: RuntimeChoice;
}
