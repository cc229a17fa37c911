import { run, RunError } from '../process/run';

/** Docker cannot be used, with one line saying why and what to do. */
export class DockerUnavailableError extends Error {
  override readonly name = 'DockerUnavailableError';
}

/**
 * Checks that a Docker engine answers and that the plugins we drive exist; throws `DockerUnavailableError` with a
 * one-line reason otherwise. Returns the engine version.
 */
export async function requireDocker(cwd: string, plugins: readonly ('buildx' | 'compose')[]): Promise<string> {
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
    try {
      await run('docker', [plugin, 'version'], { cwd });
    } catch {
      const name = plugin === 'compose' ? 'Compose v2 (`docker compose`)' : 'Buildx (`docker buildx`)';
      throw new DockerUnavailableError(`Docker ${name} is missing: install the docker-${plugin}-plugin package (docs/setup.md).`);
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
