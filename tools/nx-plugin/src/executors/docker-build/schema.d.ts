export interface DockerBuildExecutorOptions {
  file: string;
  context?: string;
  target?: string;
  image?: string;
  buildArgs?: string[];
  buildContexts?: string[];
  registry?: string;
}
