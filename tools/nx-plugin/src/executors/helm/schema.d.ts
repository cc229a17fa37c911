export interface HelmExecutorOptions {
  command: 'lint' | 'template' | 'package';
  values?: string;
  version?: string;
  appVersion?: string;
  registry?: string;
}
