export interface ErdExecutorOptions {
  dbml?: string;
  schema?: string;
  output?: string;
}
