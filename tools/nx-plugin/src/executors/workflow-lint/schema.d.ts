export interface WorkflowLintExecutorOptions {
  workflows?: string;
}
