import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, RunError, type Reporter } from '@coaching/process';
import { imageVariable } from '../env/bindings';
import { recordFromManifest, recordReference, type ReleaseRecord } from './record';

/**
 * Where a server keeps the records of the releases it installed, one `<version>.json` each (git-ignored): once
 * fetched, a release's images are known without the registry, so a boot or a nightly backup needs no network.
 */
export const RELEASES_DIR = '.releases';

/**
 * The record of release `version` in `registry`: the copy kept in RELEASES_DIR, else read from the registry (with
 * Docker's own client and credentials: a server has no other OCI tool) and kept.
 */
export async function releaseRecord(workspaceRoot: string, registry: string, version: string, reporter: Reporter): Promise<ReleaseRecord> {
  const kept = join(workspaceRoot, RELEASES_DIR, `${version}.json`);
  if (existsSync(kept)) return JSON.parse(await readFile(kept, 'utf8')) as ReleaseRecord;
  const reference = recordReference(registry, version);
  reporter.progress(`Reading release ${version} from ${reference}`);
  const manifest = await run('docker', ['buildx', 'imagetools', 'inspect', '--raw', reference], { cwd: workspaceRoot }).catch((error: unknown) => {
    const reason = error instanceof RunError ? error.stderr.trim() || error.message : String(error);
    throw new Error(
      `cannot read release ${version} from ${reference} (${reason}). Is RELEASE_REGISTRY right, is ${version} published there, and does this server reach it (docker login for a private one)?`,
    );
  });
  const record = recordFromManifest(manifest.stdout, reference);
  if (record.version !== version) throw new Error(`${reference} records release ${record.version}, not ${version}`);
  await mkdir(join(workspaceRoot, RELEASES_DIR), { recursive: true });
  await writeFile(kept, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** The release's images as the variables compose.yaml runs them from. */
export function releaseImageVariables(record: ReleaseRecord): Record<string, string> {
  return Object.fromEntries(Object.entries(record.images).map(([image, reference]) => [imageVariable(image), reference]));
}
