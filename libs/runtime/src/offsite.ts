import { existsSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OffsiteSettings } from '@coaching/platform-model';
import { run, RunError } from '@coaching/process';

/**
 * Off-site copies of the backups: each dump is encrypted with age to a public key whose private half (the identity)
 * is kept away from the server, then stored with restic in a second place (S3, SFTP, a REST server...) under its own
 * repository password. Someone holding the server and its files can add backups, but read none.
 */

/** The tag of the platform's snapshots: retention and restores look at these only. */
const TAG = 'coaching-platform';

/**
 * How many off-site snapshots `forget --prune` keeps: the newest of each of the last 7 days, 5 weeks and 12 months
 * (restic's --keep-* rules; a snapshot counts once for each rule it satisfies).
 */
export const OFFSITE_RETENTION = ['--keep-daily', '7', '--keep-weekly', '5', '--keep-monthly', '12'] as const;

/** What the snapshots are called inside the repository: the dump's name, encrypted. */
function storedName(dump: string): string {
  return `${basename(dump)}.age`;
}

/** A restic command on the off-site repository, its password from the password file, its backend's login from `env`. */
function restic(settings: OffsiteSettings, args: readonly string[], options: { cwd: string; inputFile?: string; outputFile?: string }) {
  return run('restic', ['--no-cache', ...args], {
    ...options,
    env: { ...settings.backendEnvironment, RESTIC_REPOSITORY: settings.repository, RESTIC_PASSWORD_FILE: settings.passwordFile },
  }).catch((error: unknown) => {
    if (error instanceof RunError && error.code === 'ENOENT') {
      throw new Error('off-site backups need restic on PATH: install it (Debian and Ubuntu: sudo apt install restic age)');
    }
    throw error;
  });
}

/**
 * Whether restic failed because there is no repository at the location: exit code 10 since restic 0.17, only the
 * message before it. Any other failure (a wrong password, a store that does not answer) must not lead to `init`.
 */
function isMissingRepository(error: unknown): boolean {
  return error instanceof RunError && (error.exitCode === 10 || /Is there a repository at the following location\?/.test(error.stderr));
}

/** Creates the repository on first use: restic answers `cat config` only for one that exists. */
async function ensureRepository(settings: OffsiteSettings, cwd: string): Promise<boolean> {
  const exists = await restic(settings, ['cat', 'config'], { cwd }).then(
    () => true,
    (error: unknown) => {
      if (isMissingRepository(error)) return false;
      throw error;
    },
  );
  if (!exists) await restic(settings, ['init'], { cwd });
  return !exists;
}

/** A file readable by its owner only, created empty (what it will hold is every user's data). */
async function ownerOnly(file: string): Promise<void> {
  const handle = await open(file, 'w', 0o600);
  await handle.close();
}

export interface OffsiteCopy {
  snapshot: string;
  /** Whether this run created the repository. */
  created: boolean;
  /** What `forget --prune` removed, as restic said it. */
  forgotten: number;
}

/**
 * Encrypts `dump` to the age recipients and stores it as a snapshot in the off-site repository (created on first
 * use), then applies the retention (forget --prune) and checks the repository's integrity (restic check).
 */
export async function copyOffsite(settings: OffsiteSettings, dump: string, workDir: string): Promise<OffsiteCopy> {
  const work = await mkdtemp(join(workDir, '.offsite-'));
  try {
    const encrypted = join(work, storedName(dump));
    await ownerOnly(encrypted);
    await run('age', [...settings.recipients.flatMap((recipient) => ['--recipient', recipient]), '--output', encrypted, dump], { cwd: work }).catch(
      (error: unknown) => {
        if (error instanceof RunError && error.code === 'ENOENT')
          throw new Error('off-site backups need age on PATH: install it (sudo apt install age)');
        throw error;
      },
    );
    const created = await ensureRepository(settings, work);
    const backup = await restic(settings, ['backup', '--json', '--tag', TAG, '--stdin', '--stdin-filename', storedName(dump)], {
      cwd: work,
      inputFile: encrypted,
    });
    const summary = backup.stdout
      .split('\n')
      .map((line) => (line.trim().startsWith('{') ? (JSON.parse(line) as { message_type?: string; snapshot_id?: string }) : {}))
      .find((message) => message.message_type === 'summary');
    if (!summary?.snapshot_id) throw new Error(`restic backup reported no snapshot:\n${backup.stdout}`);
    const forget = await restic(settings, ['forget', '--tag', TAG, ...OFFSITE_RETENTION, '--prune'], { cwd: work });
    await restic(settings, ['check'], { cwd: work });
    // restic says `remove <n> snapshots:` for each group it prunes.
    const forgotten = [...forget.stdout.matchAll(/^remove (\d+) snapshots?/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    return { snapshot: summary.snapshot_id.slice(0, 8), created, forgotten };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** One of the platform's off-site snapshots. */
export interface OffsiteSnapshot {
  id: string;
  time: string;
  /** The stored file: `<database>-<time>.dump.age`. */
  file: string;
}

/** The platform's off-site snapshots, oldest first. */
export async function offsiteSnapshots(settings: OffsiteSettings, cwd: string): Promise<OffsiteSnapshot[]> {
  const { stdout } = await restic(settings, ['snapshots', '--json', '--tag', TAG], { cwd });
  const snapshots = JSON.parse(stdout || '[]') as { short_id: string; time: string; paths: string[] }[];
  return snapshots.map((snapshot) => ({ id: snapshot.short_id, time: snapshot.time, file: basename(snapshot.paths[0] ?? '') }));
}

/**
 * Fetches the newest off-site backup (or snapshot `id`) and decrypts it with the age identity into `into` (a dump
 * file `restoreBackup` loads). Returns the dump's path.
 */
export async function fetchOffsite(settings: OffsiteSettings, identity: string, into: string, id?: string): Promise<string> {
  if (!existsSync(identity))
    throw new Error(`no age identity at ${identity}: the off-site backups are encrypted to it (docs/production.md#disaster-recovery)`);
  const snapshots = await offsiteSnapshots(settings, into);
  const snapshot = id ? snapshots.find((candidate) => candidate.id === id) : snapshots.at(-1);
  if (!snapshot)
    throw new Error(
      id ? `there is no off-site snapshot ${id}` : `the off-site repository ${settings.repository} holds no backup of the platform yet`,
    );
  const encrypted = join(into, snapshot.file);
  const dump = join(into, snapshot.file.replace(/\.age$/, ''));
  await ownerOnly(encrypted);
  await restic(settings, ['dump', snapshot.id, `/${snapshot.file}`], { cwd: into, outputFile: encrypted });
  await ownerOnly(dump);
  await run('age', ['--decrypt', '--identity', identity, '--output', dump, encrypted], { cwd: into });
  await rm(encrypted);
  return dump;
}
