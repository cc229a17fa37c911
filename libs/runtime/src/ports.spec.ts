import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, freeServicePorts, readyAnswer, refuseTakenPorts, waitUntilAnswered } from './ports';

describe('freeServicePorts', () => {
  it('gives every published port a different free port', async () => {
    for (let round = 0; round < 20; round++) {
      const ports = Object.values(await freeServicePorts());
      expect(new Set(ports).size).toBe(ports.length);
    }
  });
});

describe('refuseTakenPorts', () => {
  let holder: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve())).then(() => (holder = undefined)));

  /** Another program listening on `port`. */
  const hold = (port: number) =>
    new Promise<void>((resolve) => {
      holder = createServer().listen(port, '127.0.0.1', resolve);
    });

  it('names the taken port, its service and the variable that moves it', async () => {
    const ports = await freeServicePorts();
    await hold(ports.smtp);
    await expect(refuseTakenPorts({ bindAddress: '127.0.0.1', ports }, ['db', 'mail'], [])).rejects.toThrow(
      `port ${ports.smtp} (mail) is already in use by another program: stop it, or choose another port with MAIL_SMTP_PORT=... in .env`,
    );
  });

  it("does not count the ports of the stack's own running services", async () => {
    const ports = await freeServicePorts();
    await hold(ports.db);
    const stack = [{ service: 'db' as const, state: 'running' }];
    await expect(refuseTakenPorts({ bindAddress: '127.0.0.1', ports }, ['db', 'api'], stack)).resolves.toBeUndefined();
    await expect(refuseTakenPorts({ bindAddress: '127.0.0.1', ports }, ['db'], [{ service: 'db', state: 'crashed' }])).rejects.toThrow(
      `port ${ports.db} (db) is already in use`,
    );
  });
});

describe('waitUntilAnswered', () => {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /**
   * A published port as Docker's proxy makes it: connections are accepted, and closed unanswered until the server
   * behind it listens (after `listeningAfterMs`), which then redirects as the edge does.
   */
  const publishedPort = async (listeningAfterMs: number): Promise<number> => {
    const port = await freePort();
    const listeningAt = Date.now() + listeningAfterMs;
    await new Promise<void>((resolve) => {
      server = createServer((socket) => {
        sockets.add(socket);
        if (Date.now() < listeningAt) return socket.destroy();
        socket.end('HTTP/1.1 308 Permanent Redirect\r\nLocation: https://localhost/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      }).listen(port, '127.0.0.1', resolve);
    });
    return port;
  };

  it('waits past connections closed unanswered until a redirect answers', async () => {
    const port = await publishedPort(1_000);
    await expect(waitUntilAnswered(`http://127.0.0.1:${port}/`, 10_000)).resolves.toBe(true);
  });

  it('gives up when nothing ever answers', async () => {
    const port = await publishedPort(60_000);
    await expect(waitUntilAnswered(`http://127.0.0.1:${port}/`, 1_000)).resolves.toBe(false);
  });
});

describe('readyAnswer', () => {
  let server: HttpServer | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())).then(() => (server = undefined)));

  /** A probe on a free port that answers `status` with `body`. */
  const serve = async (status: number, body: string): Promise<string> => {
    const port = await freePort();
    await new Promise<void>((resolve) => {
      server = createHttpServer((_, response) => response.writeHead(status).end(body)).listen(port, '127.0.0.1', resolve);
    });
    return `http://127.0.0.1:${port}/ready`;
  };

  it("reads the release an app names, takes another program's empty answer as ready, and a 503 as not", async () => {
    expect(await readyAnswer(await serve(200, '{"status":"ready","version":"1.2.3"}'))).toEqual({ status: 'ready', version: '1.2.3' });
    server?.close();
    expect(await readyAnswer(await serve(200, ''))).toEqual({});
    server?.close();
    expect(await readyAnswer(await serve(503, '{"status":"database_unavailable"}'))).toBeUndefined();
  });
});
