import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCompose } from '@coaching/deployment';
import type { PlatformSettings } from '@coaching/platform-model';
import { run } from '@coaching/process';
import { nativeDatabaseDir } from './native/postgres';
import { displayPath } from './paths';
import type { Runtime } from './runtime';

export type RuntimeName = Runtime['name'];

/**
 * Which runtime holds the platform's data, and which `auto` therefore keeps using. Both runtimes run on the same ports
 * with separate databases (native: PLATFORM_DATA_DIR/postgres; docker: the Compose project's volume), so a choice made
 * afresh each time splits the data the day Docker is up and the day before it was not. The choice is recorded in a
 * file in PLATFORM_DATA_DIR (git-ignored), readable with Docker down.
 */
export function choiceFile(settings: PlatformSettings): string {
  return join(settings.dataDir, 'runtime');
}

export function otherRuntime(name: RuntimeName): RuntimeName {
  return name === 'docker' ? 'native' : 'docker';
}

/** The runtime recorded as holding the data, if any. */
export function recordedRuntime(settings: PlatformSettings): RuntimeName | undefined {
  const file = choiceFile(settings);
  if (!existsSync(file)) return undefined;
  const name = readFileSync(file, 'utf8').trim();
  return name === 'docker' || name === 'native' ? name : undefined;
}

/** Records `name` as the runtime holding the data (move-data changes it). */
export async function recordRuntime(settings: PlatformSettings, name: RuntimeName): Promise<void> {
  await mkdir(settings.dataDir, { recursive: true });
  await writeFile(choiceFile(settings), `${name}\n`);
}

/** Records `name` unless a runtime is recorded already: the first runtime to hold data keeps the data. */
export async function recordFirstRuntime(settings: PlatformSettings, name: RuntimeName): Promise<void> {
  await mkdir(settings.dataDir, { recursive: true });
  await writeFile(choiceFile(settings), `${name}\n`, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/** Forgets the record when it names `name` (its data was just deleted): the next `auto` chooses afresh. */
export async function forgetRuntime(settings: PlatformSettings, name: RuntimeName): Promise<void> {
  if (recordedRuntime(settings) === name) await rm(choiceFile(settings), { force: true });
}

/** The Docker volume of the database's data, as Compose names it: `<COMPOSE_PROJECT_NAME>_<the db service's volume>`. */
export async function dockerDatabaseVolume(workspaceRoot: string, settings: PlatformSettings): Promise<string> {
  const compose = await readCompose(join(workspaceRoot, 'compose.yaml'));
  const named = compose.volumes ?? {};
  const source = (compose.services.db?.volumes ?? [])
    .map((mount) => (typeof mount === 'string' ? mount.split(':')[0] : (mount.source ?? '')))
    .find((name) => name in named);
  if (source === undefined) throw new Error('compose.yaml mounts no named volume in the db service');
  return named[source]?.name ?? `${settings.composeProject}_${source}`;
}

/**
 * Where `name` keeps the platform's data when it holds some ("volume coaching_postgres_data", ".data/postgres"),
 * else undefined. Docker's answer needs an engine: without one it is undefined.
 */
export async function dataHeldBy(name: RuntimeName, workspaceRoot: string, settings: PlatformSettings): Promise<string | undefined> {
  if (name === 'native') {
    const cluster = nativeDatabaseDir(settings);
    return existsSync(join(cluster, 'PG_VERSION')) ? displayPath(cluster, workspaceRoot) : undefined;
  }
  const volume = await dockerDatabaseVolume(workspaceRoot, settings);
  const exists = await run('docker', ['volume', 'inspect', volume], { cwd: workspaceRoot }).then(
    () => true,
    () => false,
  );
  return exists ? `volume ${volume}` : undefined;
}

/** What `auto` knows when it chooses. */
export interface ChoiceFacts {
  recorded: RuntimeName | undefined;
  /** choiceFile, for messages. */
  recordFile: string;
  dockerAnswers: boolean;
  /** The docker data volume's name, for messages (known with Docker down too). */
  dockerVolume: string;
  /** Where each runtime holding data keeps it (dataHeldBy). */
  held: Partial<Record<RuntimeName, string>>;
}

/** What `auto` knows: the record, and where each runtime holds data (Docker's only when `dockerAnswers`). */
export async function choiceFacts(workspaceRoot: string, settings: PlatformSettings, dockerAnswers: boolean): Promise<ChoiceFacts> {
  const held: ChoiceFacts['held'] = { native: await dataHeldBy('native', workspaceRoot, settings) };
  if (dockerAnswers) held.docker = await dataHeldBy('docker', workspaceRoot, settings);
  return {
    recorded: recordedRuntime(settings),
    recordFile: displayPath(choiceFile(settings), workspaceRoot),
    dockerAnswers,
    dockerVolume: await dockerDatabaseVolume(workspaceRoot, settings),
    held,
  };
}

/** `auto` cannot choose: the data is in Docker and no engine answers. */
export class DataUnreachableError extends Error {
  override readonly name = 'DataUnreachableError';
}

/**
 * The runtime `auto` uses and why, in words for the user. The recorded one first (docker with no engine answering
 * stops, rather than starting an empty native platform); else the one holding data (docker when both do); else
 * docker when an engine answers, native otherwise.
 */
export function chooseRuntime(facts: ChoiceFacts): { name: RuntimeName; reason: string } {
  const { recorded, held } = facts;
  if (recorded === 'docker' && !facts.dockerAnswers) {
    throw new DataUnreachableError(
      `The platform's data is in Docker (volume ${facts.dockerVolume}; recorded in ${facts.recordFile}), but no Docker engine answers: ` +
        'start Docker Desktop or the docker service and run this again. (--runtime=native starts a separate, empty platform instead.)',
    );
  }
  const holder = recorded ?? (held.docker ? 'docker' : held.native ? 'native' : undefined);
  if (holder === undefined) {
    return facts.dockerAnswers
      ? { name: 'docker', reason: 'a Docker engine with Compose answers; --runtime=native runs without it' }
      : { name: 'native', reason: 'no Docker engine answers; --runtime=docker needs one' };
  }
  const other = otherRuntime(holder);
  const why = held[holder] ? `it holds the platform's data: ${held[holder]}` : `it was chosen when the platform first started (${facts.recordFile})`;
  const alsoThere = held[other] ? `; the ${other} runtime holds other data (${held[other]}), left as it is` : '';
  return { name: holder, reason: `${why}; --runtime=${other} starts a separate platform${alsoThere}` };
}
