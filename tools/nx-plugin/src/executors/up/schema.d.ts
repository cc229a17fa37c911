import type { ServiceName } from '@coaching/stack';
import type { RuntimeChoice } from '../platform';

export interface UpExecutorOptions {
  runtime?: RuntimeChoice;
  services?: ServiceName[];
  build?: boolean;
}
