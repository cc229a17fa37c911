import { join } from 'node:path';
import { run } from '@coaching/process';
import type { CachedTool } from './cache';

/**
 * A command-line program from PyPI, `name==version` in a Python virtual environment of its own (one folder per
 * version in the tool cache), so a run pays for PyPI only once per machine.
 */
export function pythonTool(name: string, version: string, command: string): CachedTool {
  return {
    title: `${name} ${version}`,
    folder: `${name}-${version}`,
    command: join('bin', command),
    how: 'from PyPI',
    async install(home) {
      await run('python3', ['-m', 'venv', home], { cwd: home, stdio: 'inherit' });
      const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off'];
      await run(join(home, 'bin', 'python'), [...pip, `${name}==${version}`], { cwd: home, stdio: 'inherit' });
    },
  };
}
