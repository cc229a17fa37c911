export interface AlertExecutorOptions {
  unit: string;
}
