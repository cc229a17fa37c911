import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppName } from '@coaching/platform-model';

/** Where `nx run <crate>:build` leaves release binaries (CARGO_TARGET_DIR is honoured like cargo does). */
export function releaseDir(workspaceRoot: string): string {
  return join(process.env.CARGO_TARGET_DIR || join(workspaceRoot, 'target'), 'release');
}

/** The apps' release binaries. */
export function releaseBinaries(workspaceRoot: string): Record<AppName, string> {
  const release = releaseDir(workspaceRoot);
  return { api: join(release, 'api'), web: join(release, 'web') };
}

/** The app's binary, or an error saying how to build it. */
export function requireBinary(app: AppName, binary: string | undefined): string {
  if (!binary || !existsSync(binary)) {
    throw new Error(`the ${app} binary is missing (${binary ?? 'not built'}); build it with: npx nx run ${app}:build`);
  }
  return binary;
}
