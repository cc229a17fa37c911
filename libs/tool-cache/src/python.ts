import { join } from 'node:path';
import { run, RunError } from '@coaching/process';
import type { CachedTool } from './cache';

/** How to get Python 3 with its venv module (which brings pip) on each system the docs name. */
export const PYTHON_INSTALL_STEPS = 'Debian, Ubuntu and Windows (WSL): `sudo apt install -y python3-venv`; macOS: `brew install python`';

/**
 * A new Python virtual environment in `folder`, with its own pip; returns its python. `purpose` says in the message
 * for a missing Python what it is for.
 */
async function pythonVenv(folder: string, cwd: string, purpose: string): Promise<string> {
  try {
    await run('python3', ['-m', 'venv', folder], { cwd });
  } catch (error) {
    if (!(error instanceof RunError)) throw error;
    // Debian and Ubuntu install python3 without its venv module: `-m venv` then fails, saying so on stdout.
    const why = error.code === 'ENOENT' ? '`python3` is not on PATH' : `\`python3 -m venv\` failed (${`${error.stdout}${error.stderr}`.trim()})`;
    throw new Error(`${purpose} needs Python 3 with its venv module, and ${why}. Install it: ${PYTHON_INSTALL_STEPS}`);
  }
  return join(folder, 'bin', 'python');
}

/** Options for `python -m pip` that keep its output to what matters. */
const PIP = ['-m', 'pip', '--disable-pip-version-check', '--no-input'];

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
      const python = await pythonVenv(home, home, `installing ${name}`);
      await run(python, [...PIP, 'install', '--progress-bar', 'off', `${name}==${version}`], { cwd: home, stdio: 'inherit' });
    },
  };
}
