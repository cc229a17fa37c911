export interface DockerBuildExecutorOptions {
  file: string;
  context?: string;
  target?: string;
  image?: string;
  buildArgs?: string[];
  baseImages?: string[];
  buildContexts?: string[];
  registry?: string;
}
