import type { ServiceName } from '@coaching/stack';
import type { RuntimeChoice } from '../platform';

export interface LogsExecutorOptions {
  service?: ServiceName;
  follow?: boolean;
  runtime?: RuntimeChoice;
}
