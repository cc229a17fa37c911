import type { RuntimeName } from '@coaching/stack';

export interface MoveDataExecutorOptions {
  to: RuntimeName;
  replace?: boolean;
  yes?: boolean;
  build?: boolean;
}
