import { consoleReporter } from '@coaching/process';
import { installedTool, pythonTool } from '@coaching/tool-cache';

/** The schemathesis release the OpenAPI fuzz run uses (PyPI); a new version gets its own folder. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * The `st` command of schemathesis, installed on first use into the machine's tool cache
 * (`${XDG_CACHE_HOME:-~/.cache}/coaching-platform/schemathesis-<version>`), so a run pays for PyPI only once.
 */
export function schemathesis(): Promise<string> {
  return installedTool(pythonTool('schemathesis', SCHEMATHESIS_VERSION, 'st'), consoleReporter);
}
