export interface ReleasePublishExecutorOptions {
  registry?: string;
  plainHttp?: boolean;
  baseImageMirror?: string;
  dryRun?: boolean;
}
