import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SECRET_FILES } from '@coaching/platform-model';

/** Random bytes per password: 256 bits, written URL-safe (base64url: 43 characters, nothing to quote anywhere). */
const PASSWORD_BYTES = 32;

/**
 * The folder keeps everyone else on the host out. The files themselves must stay readable by the containers' own
 * users (PostgreSQL's, the api's), which are not this one: Compose bind-mounts each file as it is.
 */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o644;

/** Which secret files `createSecrets` made and which it found and left alone. */
export interface CreatedSecrets {
  created: string[];
  kept: string[];
}

/** The off-site repository's password is read by restic on the host only: its owner alone may read it. */
const HOST_ONLY_MODE = 0o600;

/**
 * Creates every missing secret file of SECRET_FILES in `dir` with a strong random password, and the off-site
 * repository's password file when one is asked for; never overwrites one.
 */
export async function createSecrets(dir: string, offsitePasswordFile?: string): Promise<CreatedSecrets> {
  await mkdir(dir, { recursive: true, mode: FOLDER_MODE });
  await chmod(dir, FOLDER_MODE);
  const result: CreatedSecrets = { created: [], kept: [] };
  const files: [string, number][] = Object.values(SECRET_FILES).map((name) => [join(dir, name), FILE_MODE]);
  if (offsitePasswordFile) files.push([offsitePasswordFile, HOST_ONLY_MODE]);
  for (const [file, mode] of files) {
    try {
      // `wx`: fails when the file exists, atomically, so a password in use is never replaced.
      await writeFile(file, randomBytes(PASSWORD_BYTES).toString('base64url'), { mode, flag: 'wx' });
      await chmod(file, mode);
      result.created.push(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      result.kept.push(file);
    }
  }
  return result;
}
