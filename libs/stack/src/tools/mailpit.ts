import { MAILPIT_VERSION } from '../platform/model';
import { run, RunError } from '../process/run';
import { installedTool, type CachedTool } from './cache';

const MODULE = 'github.com/axllent/mailpit';

/** Mailpit, built from source with Go (`go install` puts the binary straight into its folder). */
export const MAILPIT: CachedTool = {
  title: `Mailpit ${MAILPIT_VERSION}`,
  folder: `mailpit-${MAILPIT_VERSION}`,
  command: 'mailpit',
  how: 'with go install, ~5 min',
  async install(home) {
    try {
      await run('go', ['install', `${MODULE}@${MAILPIT_VERSION}`], { cwd: home, env: { GOBIN: home }, stdio: 'inherit' });
    } catch (error) {
      if (error instanceof RunError && error.code === 'ENOENT') {
        throw new Error(
          `installing Mailpit (the development mail catcher) needs Go, and \`go\` is not on PATH: install Go (https://go.dev/dl/; any release since 1.21 fetches the toolchain Mailpit needs) and run the command again`,
        );
      }
      throw error;
    }
  },
};

/** The Mailpit binary, installed on first use. */
export function mailpit(): Promise<string> {
  return installedTool(MAILPIT);
}

