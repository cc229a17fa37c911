import { run, RunError } from '@coaching/process';
import type { CachedTool } from './cache';

/**
 * The oldest Go that installs every program here. Since Go 1.21, `go install module@version` fetches, through the Go
 * module proxy, the newer Go release that the module's go.mod asks for (Mailpit v1.33.1 asks for 1.26), so the Go on
 * the machine only has to be at least this one.
 */
export const MINIMUM_GO = { major: 1, minor: 21 };

/** The official Go release for Linux that the steps install where the system's own Go is older than 1.21. */
export const GO_RELEASE = 'go1.26.8';

/** How to get a Go since 1.21 on each system docs/setup.md names (its "Go for the tests" says the same). */
export const GO_INSTALL_STEPS = [
  'macOS: `brew install go`',
  'Debian 13 or Ubuntu 24.04: `sudo apt install -y golang-go`',
  `Debian 12, Ubuntu 22.04 and Windows (WSL) have an older Go: install the official release instead: \`curl -fsSLO https://go.dev/dl/${GO_RELEASE}.linux-amd64.tar.gz && sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf ${GO_RELEASE}.linux-amd64.tar.gz && echo 'export PATH=/usr/local/go/bin:$PATH' >> ~/.profile\` (on an ARM computer: linux-arm64), then open a new terminal`,
].join('; ');

/** `go version`'s `go1.19.8` as numbers; undefined for a version it cannot read. */
export function goVersion(output: string): { major: number; minor: number } | undefined {
  const match = /\bgo(\d+)\.(\d+)/.exec(output);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/**
 * What is wrong with the Go on PATH for installing `purpose` (e.g. `Mailpit (the Rust tests' mail catcher)`), with
 * the fix for each system; undefined when it is recent enough. Checked before any build, so that an old Go fails with
 * this message rather than halfway through compiling.
 */
export async function goProblem(purpose: string, cwd: string): Promise<string | undefined> {
  const needs = `installing ${purpose} needs Go ${MINIMUM_GO.major}.${MINIMUM_GO.minor} or newer`;
  let output: string;
  try {
    output = (await run('go', ['version'], { cwd })).stdout;
  } catch (error) {
    if (error instanceof RunError && error.code === 'ENOENT') return `${needs}, and \`go\` is not on PATH. Install it: ${GO_INSTALL_STEPS}`;
    throw error;
  }
  const version = goVersion(output);
  if (version && (version.major > MINIMUM_GO.major || (version.major === MINIMUM_GO.major && version.minor >= MINIMUM_GO.minor))) {
    return undefined;
  }
  const found = version ? `${version.major}.${version.minor}` : `of unknown version (\`go version\` printed "${output.trim()}")`;
  return `${needs}, and the \`go\` on PATH is Go ${found}. Install a newer one: ${GO_INSTALL_STEPS}`;
}

/**
 * A program built from source with Go: `go install module@version` puts the binary straight into its folder in the
 * tool cache. `purpose` says in the message for a missing or old Go what the program is for.
 */
export function goTool(title: string, module: string, version: string, command: string, purpose: string): CachedTool {
  return {
    title: `${title} ${version}`,
    folder: `${command}-${version}`,
    command,
    how: 'with go install, ~5 min',
    async install(home) {
      const problem = await goProblem(`${title} (${purpose})`, home);
      if (problem) throw new Error(problem);
      // A Go that a system set to `GOTOOLCHAIN=local` would stop on a module that asks for a newer Go; unless this
      // environment chose otherwise, let it fetch that release, as Go does by default.
      const env = { GOBIN: home, GOTOOLCHAIN: process.env['GOTOOLCHAIN'] || 'auto' };
      await run('go', ['install', `${module}@${version}`], { cwd: home, env, stdio: 'inherit' });
    },
  };
}
