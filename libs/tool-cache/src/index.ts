/**
 * Programs installed once per machine into `~/.cache/coaching-platform`: for tests, CI and the native runtime's
 * PostgreSQL client tools.
 */
export { installedTool, isInstalled, toolCacheDir, type CachedTool } from './cache';
export { chromiumPath } from './chromium';
export { goProblem } from './go';
export { MAILPIT, mailpit } from './mailpit';
export { PYTHON_INSTALL_STEPS, pythonTool } from './python';
export { installedPostgresClient, POSTGRES_CLIENT, POSTGRES_CLIENT_MAJOR, postgresClientProgram } from './postgres-client';
export { HELM, helm, kubernetesValidate } from './helm';
export { OCI_TOOLS, ociTool, type OciToolName } from './oci';
export { ACTIONLINT, actionlint } from './actionlint';
