import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { run } from '@coaching/process';

/**
 * A copy of this checkout (the files git tracks or would track, uncommitted changes included) in a temporary folder,
 * sharing this one's installed npm packages and its git `origin`: "the next version" an upgrade test brings up without touching the
 * working tree. Returns its folder.
 */
export async function copyOfCheckout(): Promise<string> {
  const copy = join(await mkdtemp(join(tmpdir(), 'next-version-')), 'checkout');
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: workspaceRoot });
  for (const file of stdout.split('\0').filter(Boolean)) {
    await mkdir(dirname(join(copy, file)), { recursive: true });
    // A tracked file deleted in the working tree is not part of it.
    await cp(join(workspaceRoot, file), join(copy, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  const packages = await run('find', ['.', '-name', 'node_modules', '-prune', '-not', '-path', './node_modules/*'], { cwd: workspaceRoot });
  for (const folder of packages.stdout.split('\n').filter(Boolean)) {
    await symlink(join(workspaceRoot, folder), join(copy, folder));
  }
  // Images are labelled with the repository they come from (its origin), as the same checkout after a `git pull` is.
  await run('git', ['init', '--quiet'], { cwd: copy });
  const origin = await run('git', ['remote', 'get-url', 'origin'], { cwd: workspaceRoot }).then(
    (result) => result.stdout.trim(),
    () => undefined,
  );
  if (origin) await run('git', ['remote', 'add', 'origin', origin], { cwd: copy });
  return copy;
}

/** Removes a copy made by copyOfCheckout. */
export async function removeCheckout(copy: string): Promise<void> {
  await rm(dirname(copy), { recursive: true, force: true });
}

/** The migration crate of a checkout: its SQL folders and the catalog that lists them. */
function migrationPaths(checkout: string, name: string): { folder: string; catalog: string; entry: string } {
  const crate = join(checkout, 'apps', 'db', 'migration');
  return { folder: join(crate, 'sql', name), catalog: join(crate, 'src', 'catalog.rs'), entry: `    sql_migration!("${name}"),\n` };
}

/** Adds a migration to a checkout as a developer would: its SQL files, and its line at the end of the catalog. */
export async function addMigration(checkout: string, name: string, up: string, down: string): Promise<void> {
  const { folder, catalog, entry } = migrationPaths(checkout, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'up.sql'), `${up}\n`);
  await writeFile(join(folder, 'down.sql'), `${down}\n`);
  const source = await readFile(catalog, 'utf8');
  const end = source.indexOf('];', source.indexOf('pub const MIGRATIONS'));
  if (end < 0) throw new Error(`cannot find the end of MIGRATIONS in ${catalog}`);
  await writeFile(catalog, `${source.slice(0, end)}${entry}${source.slice(end)}`);
}

/** Takes a migration added by addMigration out again. */
export async function removeMigration(checkout: string, name: string): Promise<void> {
  const { folder, catalog, entry } = migrationPaths(checkout, name);
  await rm(folder, { recursive: true });
  await writeFile(catalog, (await readFile(catalog, 'utf8')).replace(entry, ''));
}
