export interface UpgradeExecutorOptions {
  release?: string;
}
