import { createServer, type AddressInfo, type Server } from 'node:net';
import { PORT_NAMES, PORTS, portsOf, portVariables, type PortName, type PortVariable, type ServiceName } from '@coaching/platform-model';

/** Whether nothing listens on `host:port` right now. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Refuses to start `services` (with everything they need: the caller's list is complete) when another program holds
 * a port one of them publishes on `bindAddress`, naming the port and the variable that moves it. A service listed as running in `stack` (this
 * platform's own status) holds its ports itself: those do not count. Both runtimes run it before starting anything,
 * so the message is the same whichever is used.
 */
export async function refuseTakenPorts(
  { bindAddress, ports }: { bindAddress: string; ports: Record<PortName, number> },
  services: readonly ServiceName[],
  stack: readonly { service: ServiceName; state: string }[],
): Promise<void> {
  for (const service of services) {
    if (stack.some((row) => row.service === service && row.state === 'running')) continue;
    for (const name of portsOf(service)) {
      if (!(await isPortFree(bindAddress, ports[name]))) {
        throw new Error(
          `port ${ports[name]} (${service}) is already in use by another program: stop it, or choose another port with ${PORTS[name].variable}=... in .env`,
        );
      }
    }
  }
}

/** A port nobody listens on right now (for tests and benchmarks). */
export async function freePort(): Promise<number> {
  const [port] = await distinctFreePorts(1);
  return port;
}

/** A free port for every published port, so a test's or benchmark's platform runs beside a developer's own. */
export async function freeServicePorts(): Promise<Record<PortName, number>> {
  const found = await distinctFreePorts(PORT_NAMES.length);
  return Object.fromEntries(PORT_NAMES.map((name, index) => [name, found[index]])) as Record<PortName, number>;
}

/**
 * `count` free ports, all different: each stays held until the last is found, since the kernel may hand a port it
 * just got back to the next caller (two services on one port: the second never starts).
 */
async function distinctFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let index = 0; index < count; index++) servers.push(await listeningOnFreePort());
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

function listeningOnFreePort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** The same, as the variables the platform reads (`{ DB_PORT: '41234', ... }`), for commands' environments. */
export async function freePorts(): Promise<Record<PortVariable, string>> {
  return portVariables(await freeServicePorts());
}

/**
 * Polls `url` until it answers 2xx or `timeoutMs` passes; returns whether it did. `stillRunning`, when given, is asked
 * between polls: once it says no, waiting longer is pointless and the answer is false at once.
 */
export function waitUntilOk(url: string, timeoutMs: number, stillRunning?: () => Promise<boolean>): Promise<boolean> {
  return pollUntil(() => isOk(url), timeoutMs, stillRunning);
}

/**
 * Polls `url` until a server answers it at all, a redirect included, or `timeoutMs` passes; returns whether one did.
 * For the HTTPS edge's HTTP port, which redirects everything: a published port accepts connections before the
 * server behind it listens.
 */
export function waitUntilAnswered(url: string, timeoutMs: number): Promise<boolean> {
  return pollUntil(() => answers(url), timeoutMs);
}

export async function isOk(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (response) => response.ok,
    () => false,
  );
}

/**
 * What a `/ready` answered when it answered 200, else undefined: our apps name the release they run; another
 * program's probe (the mail catcher's) may answer no JSON at all.
 */
export async function readyAnswer(url: string): Promise<{ status?: string; version?: string } | undefined> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
  if (!response?.ok) return undefined;
  return (await response.json().catch(() => ({}))) as { status?: string; version?: string };
}

async function answers(url: string): Promise<boolean> {
  return fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );
}

async function pollUntil(probe: () => Promise<boolean>, timeoutMs: number, stillRunning?: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    if (stillRunning && !(await stillRunning())) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}
