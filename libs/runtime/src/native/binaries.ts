import { existsSync, realpathSync } from 'node:fs';
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppName } from '@coaching/platform-model';
import { run } from '@coaching/process';

/**
 * Where `nx run <crate>:build` leaves release binaries, and where everything runs them from: the workspace's
 * `target/release/`, wherever cargo compiled them (buildRelease). It is the build's declared Nx output, so a cache
 * hit restores them here as well.
 */
export function releaseDir(workspaceRoot: string): string {
  return join(workspaceRoot, 'target', 'release');
}

/** The apps' release binaries. */
export function releaseBinaries(workspaceRoot: string): Record<AppName, string> {
  const release = releaseDir(workspaceRoot);
  return { api: join(release, 'api'), web: join(release, 'web') };
}

/**
 * `cargo build --release` of `crate` from the workspace root, its output shown as it comes, then its `binaries` in
 * releaseDir.
 *
 * Cargo writes them to its own target directory, which CARGO_TARGET_DIR (CI keeps compiled crates outside the clone)
 * or a cargo configuration (`build.target-dir`) may move out of the workspace. Nx caches and restores only files
 * inside the workspace (nrwl/nx#31568): a build cached with its binaries elsewhere would restore nothing, in this clone
 * or in another one on the machine sharing its Nx cache. So they are copied into releaseDir, the declared output.
 */
export async function buildRelease(workspaceRoot: string, crate: string, binaries: readonly string[]): Promise<void> {
  await run('cargo', ['build', '--release', '--locked', '-p', crate], { cwd: workspaceRoot, stdio: 'inherit' });
  if (binaries.length === 0) return;
  const built = await cargoReleaseDir(workspaceRoot);
  const home = releaseDir(workspaceRoot);
  if (existsSync(home) && realpathSync(home) === realpathSync(built)) return;
  await mkdir(home, { recursive: true });
  for (const binary of binaries) {
    const from = join(built, binary);
    if (!existsSync(from)) throw new Error(`cargo built no ${binary} in ${built}`);
    // A new file renamed over the old one: the binary of a running app cannot be written to ("text file busy").
    const next = join(home, `.${binary}.next`);
    await copyFile(from, next);
    await rename(next, join(home, binary));
  }
}

/** Where cargo itself puts release binaries when run from the workspace root, as it says (environment and configuration included). */
async function cargoReleaseDir(workspaceRoot: string): Promise<string> {
  const { stdout } = await run('cargo', ['metadata', '--no-deps', '--offline', '--format-version=1'], { cwd: workspaceRoot });
  return join((JSON.parse(stdout) as { target_directory: string }).target_directory, 'release');
}

/** The app's binary, or an error saying how to build it. */
export function requireBinary(app: AppName, binary: string | undefined): string {
  if (!binary || !existsSync(binary)) {
    throw new Error(`the ${app} binary is missing (${binary ?? 'not built'}); build it with: npx nx run ${app}:build`);
  }
  return binary;
}
