import { createServer } from 'node:net';
import { execa, type ResultPromise } from 'execa';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs an api command (`migrate up`, `seed`) to completion, failing loudly with its output. */
export async function apiCommand(binary: string, args: string[], env: Record<string, string>): Promise<void> {
  await execa(binary, args, { env, extendEnv: false, stdin: 'ignore' });
}

export interface RunningApi {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts `api` and resolves once `GET /health` answers 200. */
export async function startApi(binary: string, env: Record<string, string>, port: number): Promise<RunningApi> {
  const child: ResultPromise = execa(binary, [], {
    env: { ...env, API_HOST: '127.0.0.1', API_PORT: String(port) },
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited early: ${(await child).stderr}`);
    const healthy = await fetch(`${baseUrl}/health`).then((response) => response.ok, () => false);
    if (healthy) {
      return {
        baseUrl,
        async stop() {
          child.kill('SIGTERM');
          await child;
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('api did not become healthy within 30 s');
}
