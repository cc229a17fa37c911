export interface DriftExecutorOptions {
  dbml?: string;
  schema?: string;
}
