import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppName } from '@coaching/platform-model';

/** Release binaries as `nx run <app>:build` leaves them (CARGO_TARGET_DIR is honoured like cargo does). */
export function releaseBinaries(workspaceRoot: string): Record<AppName, string> {
  const release = join(process.env.CARGO_TARGET_DIR || join(workspaceRoot, 'target'), 'release');
  return { api: join(release, 'api'), web: join(release, 'web') };
}

/** The app's binary, or an error saying how to build it. */
export function requireBinary(app: AppName, binary: string | undefined): string {
  if (!binary || !existsSync(binary)) {
    throw new Error(`the ${app} binary is missing (${binary ?? 'not built'}); build it with: npx nx run ${app}:build`);
  }
  return binary;
}
