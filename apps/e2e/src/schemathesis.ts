import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { run } from '@coaching/stack';

/** The schemathesis release the OpenAPI fuzz run uses (PyPI); a new version gets its own folder. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * The `st` command of schemathesis, installed on first use into a Python virtual environment outside the clone
 * (`${XDG_CACHE_HOME:-~/.cache}/coaching-platform/schemathesis-<version>`) and reused by every later run on this
 * machine, so a run pays for PyPI only once.
 */
export async function schemathesis(): Promise<string> {
  const cacheHome = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  const home = join(cacheHome, 'coaching-platform', `schemathesis-${SCHEMATHESIS_VERSION}`);
  const command = join(home, 'bin', 'st');
  // Written last: a folder without it is an interrupted install, started again from scratch.
  const installed = join(home, 'installed');
  if (existsSync(installed)) return command;

  console.log(`Installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${home} (once per machine)...`);
  await rm(home, { recursive: true, force: true });
  await mkdir(join(cacheHome, 'coaching-platform'), { recursive: true });
  await run('python3', ['-m', 'venv', home], { cwd: cacheHome, stdio: 'inherit' });
  const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off'];
  await run(join(home, 'bin', 'python'), [...pip, `schemathesis==${SCHEMATHESIS_VERSION}`], { cwd: home, stdio: 'inherit' });
  await writeFile(installed, `schemathesis ${SCHEMATHESIS_VERSION}\n`);
  console.log(`Installed schemathesis ${SCHEMATHESIS_VERSION}.`);
  return command;
}
