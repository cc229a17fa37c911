import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freeServicePorts, refuseTakenPorts } from './ports';

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
