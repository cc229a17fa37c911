import { run, RunError } from '@coaching/process';
import { compareReleases, isReleaseVersion } from './version';

/** A release's tag: `v` and its version (nx.json's release.releaseTag). */
export function releaseTag(version: string): string {
  return `v${version}`;
}

/** The changelog every release carries (nx release writes it; the workspace changelog of nx.json). */
export const CHANGELOG = 'CHANGELOG.md';

/** Where the migrations live, one folder each (apps/db/migration/src/catalog.rs lists them). */
export const MIGRATIONS_DIR = 'apps/db/migration/sql';

const git = (root: string, args: readonly string[]) => run('git', args, { cwd: root });

/** Fetches the release tags from `origin`; returns every release version it knows (in no particular order). */
export async function fetchReleases(root: string): Promise<string[]> {
  await git(root, ['fetch', '--quiet', '--tags', '--force', 'origin']).catch((error: unknown) => {
    const reason = error instanceof RunError ? error.stderr.trim() || error.message : String(error);
    throw new Error(`cannot fetch the releases from git's origin (${reason})`);
  });
  const { stdout } = await git(root, ['tag', '--list', 'v*']);
  return stdout
    .split('\n')
    .map((tag) => tag.trim().slice(1))
    .filter(isReleaseVersion);
}

/** Tracked files with local changes: a checkout of another release would carry or refuse them. */
export async function localChanges(root: string): Promise<string[]> {
  const { stdout } = await git(root, ['status', '--porcelain', '--untracked-files=no']);
  return stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Checks out release `version` (a detached HEAD at its tag). */
export async function checkoutRelease(root: string, version: string): Promise<void> {
  await git(root, ['checkout', '--quiet', '--detach', releaseTag(version)]);
}

/** The migrations release `version` knows: the folders of MIGRATIONS_DIR at its tag. */
export async function migrationsOf(root: string, version: string): Promise<string[]> {
  const { stdout } = await git(root, ['ls-tree', '--name-only', `${releaseTag(version)}:${MIGRATIONS_DIR}`]);
  return stdout.split('\n').filter((name) => name.trim() !== '');
}

/**
 * The entries of `changelog` (CHANGELOG.md's text) for the versions after `from` up to and including `to`, newest
 * first: what an upgrade from `from` to `to` brings. Each entry starts at its `## <version>` heading.
 */
export function changelogBetween(changelog: string, from: string, to: string): string {
  const entries = changelog.split(/^(?=## )/m).filter((entry) => entry.startsWith('## '));
  return entries
    .filter((entry) => {
      const version = /^## \[?v?([^\s\]]+)/.exec(entry)?.[1] ?? '';
      return isReleaseVersion(version) && compareReleases(version, from) > 0 && compareReleases(version, to) <= 0;
    })
    .map((entry) => entry.trimEnd())
    .join('\n\n');
}

/** CHANGELOG.md as release `version` carries it. */
export async function changelogOf(root: string, version: string): Promise<string> {
  return (await git(root, ['show', `${releaseTag(version)}:${CHANGELOG}`])).stdout;
}
