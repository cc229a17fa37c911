import { join } from 'node:path';
import { installedTool, run, type CachedTool } from '@coaching/stack';

/** The schemathesis release the OpenAPI fuzz run uses (PyPI); a new version gets its own folder. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** schemathesis in a Python virtual environment of its own. */
const SCHEMATHESIS: CachedTool = {
  title: `schemathesis ${SCHEMATHESIS_VERSION}`,
  folder: `schemathesis-${SCHEMATHESIS_VERSION}`,
  command: join('bin', 'st'),
  how: 'from PyPI',
  async install(home) {
    await run('python3', ['-m', 'venv', home], { cwd: home, stdio: 'inherit' });
    const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off'];
    await run(join(home, 'bin', 'python'), [...pip, `schemathesis==${SCHEMATHESIS_VERSION}`], { cwd: home, stdio: 'inherit' });
  },
};

/**
 * The `st` command of schemathesis, installed on first use into the machine's tool cache
 * (`${XDG_CACHE_HOME:-~/.cache}/coaching-platform/schemathesis-<version>`), so a run pays for PyPI only once.
 */
export function schemathesis(): Promise<string> {
  return installedTool(SCHEMATHESIS);
}
