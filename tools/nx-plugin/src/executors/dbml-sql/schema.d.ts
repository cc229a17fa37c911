export interface DbmlSqlExecutorOptions {
  dbml?: string;
  output?: string;
}
