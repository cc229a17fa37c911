/**
 * HTTP load test on loopback, bounded in time, against the release build run by the native runtime in a temporary
 * folder (PostgreSQL 17, seeded demo data):
 *  - api: a logged-in coach lists a relationship's sessions (read) and adds notes (write);
 *  - web: the same coach's rendered dashboard and session page (each page is several api calls).
 * Prints a table and updates the api and web sections of docs/benchmarks.md.
 *
 *   npx nx run bench:http                         (builds the release api and web first)
 *   BENCH_SECONDS=20 BENCH_CONNECTIONS=64 npx nx run bench:http
 */
import { workspaceRoot } from '@nx/devkit';
import autocannon, { type Options, type Result } from 'autocannon';
import { consoleReporter } from '@coaching/process';
import { figures, machine, markdownTable, measuredWith, publish, runScript, type Row } from './lib/report';
import { apiLogin, startTemporaryPlatform, webLogin } from '@coaching/testing';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

function load(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ duration: seconds, connections, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Publishes one table of autocannon runs with how they were measured and what `what` says about them. */
function publishRuns(name: string, title: string, what: string, rows: Row[]): Promise<void> {
  return publish(
    name,
    title,
    [
      `${measuredWith('http')} (autocannon on loopback, ${seconds} s per`,
      `scenario, ${connections} connections, release build, PostgreSQL 17 on the same machine: ${machine()}).`,
      what,
    ],
    markdownTable(rows.map(figures)),
  );
}

async function main(): Promise<void> {
  console.log(`HTTP benchmark: ${seconds} s per scenario, ${connections} connections, ${machine()}`);
  const platform = await startTemporaryPlatform(workspaceRoot, consoleReporter);
  try {
    const apiCookie = await apiLogin(platform.apiUrl);
    // Lists answer one page: { items, next_cursor }.
    const list = async (path: string) =>
      ((await (await fetch(`${platform.apiUrl}${path}`, { headers: { cookie: apiCookie } })).json()) as { items: { id: string }[] }).items;
    const [relationship] = await list('/relationships');
    const [session] = await list(`/sessions?relationship_id=${relationship.id}`);
    const read = `/sessions?relationship_id=${relationship.id}`;
    await load({ url: `${platform.apiUrl}${read}`, headers: { cookie: apiCookie }, duration: 2 }); // warm-up

    const apiRows: Row[] = [
      { scenario: 'GET /sessions?relationship_id=:id', result: await load({ url: `${platform.apiUrl}${read}`, headers: { cookie: apiCookie } }) },
      {
        scenario: 'POST /notes',
        result: await load({
          url: `${platform.apiUrl}/notes`,
          method: 'POST',
          headers: { cookie: apiCookie, 'content-type': 'application/json' },
          body: JSON.stringify({ session_id: session.id, body: 'Benchmark note: what went well this week.' }),
        }),
      },
    ];
    const webCookie = await webLogin(platform.webUrl);
    // A page without the notes written above, so the session page stays a realistic size.
    const [, otherSession] = await list(`/sessions?relationship_id=${relationship.id}`);
    const webRows: Row[] = [
      { scenario: 'GET / (dashboard)', result: await load({ url: `${platform.webUrl}/`, headers: { cookie: webCookie } }) },
      {
        scenario: 'GET /sessions/:id (session page)',
        result: await load({ url: `${platform.webUrl}/sessions/${otherSession.id}`, headers: { cookie: webCookie } }),
      },
    ];
    await publishRuns(
      'api',
      'API on loopback',
      'The read lists the sessions of a seeded relationship as its coach; the write adds a note to one of them. Each request is authenticated by its session cookie and authorised against the database. Targets: ≥ 5,000 req/s for the read, p99 < 20 ms.',
      apiRows,
    );
    await publishRuns(
      'web',
      'Web pages on loopback',
      'Rendered HTML as the logged-in coach: the dashboard (4 api calls in parallel: who is looking, relationships, upcoming and past sessions) and a session page (one api call: the session workspace, which also says who is looking). Target: p99 < 30 ms.',
      webRows,
    );
  } finally {
    await platform.stop();
  }
}

runScript(main);
