import {
  byPrecedence,
  changelogBetween,
  changelogOf,
  checkoutRelease,
  compareReleases,
  fetchReleases,
  isReleaseVersion,
  localChanges,
  migrationsOf,
  newestRelease,
  workspaceVersion,
} from '@coaching/deployment';
import { run, runNx, type Reporter } from '@coaching/process';
import { backupBefore, displayPath } from '@coaching/runtime';
import { startDatabase, type Platform } from './platform';
import { Refusal } from './refusal';
import { appliedMigrations } from './schema';

export interface UpgradeOptions {
  workspaceRoot: string;
  /** The release to move to; undefined: the newest one. */
  release?: string;
  reporter: Reporter;
  /** The platform as it runs now: its database tells whether going back is possible. */
  openPlatform: () => Promise<Platform>;
}

/**
 * Moves the platform to a release (the newest unless `release` names one): shows what changed, checks the release
 * out, and has that release's own `up` back up, migrate and replace what changed. With RELEASE_REGISTRY `up` pulls
 * the release's published images; without, it builds them from the checkout. Returns the line to end with.
 */
export async function upgrade({ workspaceRoot: root, release, reporter, openPlatform }: UpgradeOptions): Promise<string> {
  if (release !== undefined && !isReleaseVersion(release)) {
    throw new Refusal(`version=${release} is not a release version such as 1.4.0`);
  }
  const current = workspaceVersion(root);
  reporter.progress('Fetching the list of releases from git origin...');
  const available = await fetchReleases(root);
  const target = release ?? newestRelease(available, current);
  if (target === undefined || !available.includes(target)) {
    const newest = byPrecedence(available).slice(-5).reverse();
    throw new Refusal(
      `${target ? `There is no release ${target}` : 'There is no release yet'}${newest.length > 0 ? `; the newest: ${newest.join(', ')}` : ''}.`,
    );
  }

  const direction = compareReleases(target, current);
  if (direction !== 0) {
    const changes = await localChanges(root);
    if (changes.length > 0) {
      throw new Refusal(
        `These files differ from release ${current}, and moving to ${target} would carry or lose the changes: ${changes.join('; ')}. Undo them (git checkout -- <file>), or keep them elsewhere, first.`,
      );
    }
  }
  if (direction > 0) {
    reporter.info(
      `\nFrom ${current} to ${target}, what changed:\n\n${changelogBetween(await changelogOf(root, target), current, target) || '(the changelog says nothing)'}\n`,
    );
  } else if (direction < 0) {
    await refuseNewerSchema(await openPlatform(), current, target);
    reporter.info(`Going back from ${current} to ${target}.`);
  } else {
    reporter.info(`Version ${current} is checked out${release ? '' : ' (the newest release)'}: bringing the platform to it.`);
  }

  if (direction !== 0) await checkoutRelease(root, target);
  // The release's own tools from here on: its npm packages, then its `up` (a new process reads the new files).
  try {
    await run(process.execPath, ['tools/scripts/ensure-dependencies.mjs'], { cwd: root, stdio: 'inherit' });
    await runNx(root, ['run', 'platform:up', '--tui=false'], { stdio: 'inherit' });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `release ${target} is checked out, but starting it failed (${reason}; its output is above, and make status shows what runs). Fix the cause and run make upgrade again${direction !== 0 ? `, or go back: make upgrade version=${current}` : ''}.`,
    );
  }
  return direction === 0 ? `On release ${target}.` : `Now on release ${target} (was ${current}).`;
}

/**
 * Refuses to go back to `target` while the database holds migrations `target` does not know (its api would refuse
 * the database), naming the backup taken just before the first of them: restoring it makes the way back open.
 */
async function refuseNewerSchema(platform: Platform, current: string, target: string): Promise<void> {
  const { runtime, settings, workspaceRoot: root } = platform;
  await startDatabase(platform);
  const known = new Set(await migrationsOf(root, target));
  const unknown = appliedMigrations(await runtime.database.apiOutput(['migrate', 'status'])).filter((migration) => !known.has(migration.name));
  if (unknown.length === 0) return;
  const first = unknown.reduce((earliest, migration) => (migration.appliedAt < earliest.appliedAt ? migration : earliest));
  const backup = await backupBefore(settings, first.appliedAt);
  const file = backup && displayPath(backup, root);
  const restore = settings.runtimeEnv === 'production' ? `npx nx run db:restore ${file} --force-production --tui=false` : `make restore file=${file}`;
  const offer = backup
    ? `The backup taken just before them: ${file}. To go back, restore it (everything written since is lost), then move:\n  ${restore}\n  make upgrade version=${target}`
    : `No backup in ${displayPath(settings.backupDir, root)} is older than them: going back would lose data.`;
  throw new Refusal(
    `Release ${target} does not know the database's migrations ${unknown.map((migration) => migration.name).join(', ')} (applied by a newer release than ${target}, on ${first.appliedAt.toISOString()}): its api would refuse this database, so ${current} keeps running.\n${offer}`,
  );
}
