import { run, RunError } from '@coaching/process';
import type { CachedTool } from './cache';

/**
 * A program built from source with Go: `go install module@version` puts the binary straight into its folder in the
 * tool cache. `purpose` says in the message for a missing Go what the program is for.
 */
export function goTool(title: string, module: string, version: string, command: string, purpose: string): CachedTool {
  return {
    title: `${title} ${version}`,
    folder: `${command}-${version}`,
    command,
    how: 'with go install, ~5 min',
    async install(home) {
      try {
        await run('go', ['install', `${module}@${version}`], { cwd: home, env: { GOBIN: home }, stdio: 'inherit' });
      } catch (error) {
        if (error instanceof RunError && error.code === 'ENOENT') {
          throw new Error(
            `installing ${title} (${purpose}) needs Go, and \`go\` is not on PATH: install Go (https://go.dev/dl/; any release since 1.21 fetches the toolchain it needs) and run the command again`,
          );
        }
        throw error;
      }
    },
  };
}
