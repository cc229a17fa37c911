import { run, RunError } from '@coaching/process';

/** Docker cannot be used, with one line saying why and what to do. */
export class DockerUnavailableError extends Error {
  override readonly name = 'DockerUnavailableError';
}

/**
 * The oldest release of each Docker plugin the platform works with, what needs it, and the packages that bring a
 * recent enough one (docs/setup.md, "Docker", says the same).
 */
export const DOCKER_PLUGINS = {
  compose: {
    title: 'Compose v2 (`docker compose`)',
    minimum: '2.24.4',
    neededFor: '`!reset` in compose.production.yaml',
    packages: "docker-compose-plugin from Docker's apt repository (Debian 13: docker-compose)",
  },
  buildx: {
    title: 'Buildx (`docker buildx`)',
    minimum: '0.8.0',
    neededFor: 'the named build contexts of the image builds',
    packages: "docker-buildx-plugin from Docker's apt repository (Debian 13: docker-buildx)",
  },
} as const;

export type DockerPlugin = keyof typeof DOCKER_PLUGINS;

/** The first `1.2.3` in a version line (`v2.29.7`, `2.26.1-4`, `github.com/docker/buildx v0.17.1-desktop.1 …`). */
export function versionIn(output: string): string | undefined {
  return /(\d+\.\d+\.\d+)/.exec(output)?.[1];
}

/** Whether release `version` is `minimum` or newer. */
export function isAtLeast(version: string, minimum: string): boolean {
  const [have, need] = [version, minimum].map((text) => text.split('.').map(Number));
  const differing = need.findIndex((part, index) => have[index] !== part);
  return differing === -1 || have[differing] > need[differing];
}

/**
 * Checks that a Docker engine answers and that the plugins we drive exist in a recent enough release; throws
 * `DockerUnavailableError` with a one-line reason and fix otherwise. Returns the engine version.
 */
export async function requireDocker(cwd: string, plugins: readonly DockerPlugin[]): Promise<string> {
  let version: string;
  try {
    version = (await run('docker', ['version', '--format', '{{.Server.Version}}'], { cwd })).stdout.trim();
  } catch (error) {
    if (error instanceof RunError && error.code === 'ENOENT') {
      throw new DockerUnavailableError('Docker is not installed: install Docker Desktop or the docker engine (see docs/setup.md).');
    }
    throw new DockerUnavailableError(
      'No Docker engine answers: start Docker Desktop or the docker service, or check that your user may use it (docs/troubleshooting.md).',
    );
  }
  for (const plugin of plugins) {
    const { title, minimum, neededFor, packages } = DOCKER_PLUGINS[plugin];
    const fix = `install ${packages}, or update Docker Desktop (docs/setup.md)`;
    const output = await run('docker', [plugin, 'version'], { cwd }).then(
      ({ stdout }) => stdout,
      () => undefined,
    );
    if (output === undefined) throw new DockerUnavailableError(`Docker ${title} is missing: ${fix}.`);
    const found = versionIn(output);
    if (found && !isAtLeast(found, minimum)) {
      throw new DockerUnavailableError(`Docker ${title} ${found} is too old: ${minimum} or newer is needed (${neededFor}); ${fix}.`);
    }
  }
  return version;
}

/** Whether a Docker engine answers at all (quietly; for choosing a runtime). */
export async function dockerAnswers(cwd: string): Promise<boolean> {
  return requireDocker(cwd, ['compose']).then(
    () => true,
    () => false,
  );
}
