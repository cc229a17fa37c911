/** Programs installed once per machine into `~/.cache/coaching-platform`: for tests, CI and the native mail catcher. */
export { installedTool, isInstalled, toolCacheDir, type CachedTool } from './cache';
export { chromiumPath } from './chromium';
export { MAILPIT, mailpit } from './mailpit';
export { pythonTool } from './python';
export { HELM, helm, kubernetesValidate } from './helm';
export { OCI_TOOLS, ociTool, type OciToolName } from './oci';
export { ACTIONLINT, actionlint } from './actionlint';
