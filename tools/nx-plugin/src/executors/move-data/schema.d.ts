import type { RuntimeName } from '@coaching/runtime';

export interface MoveDataExecutorOptions {
  to: RuntimeName;
  replace?: boolean;
  yes?: boolean;
  build?: boolean;
}
