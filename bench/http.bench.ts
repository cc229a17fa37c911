/**
 * HTTP load test on loopback, bounded in time, against the release build run by the native runtime in a temporary
 * folder (PostgreSQL 17, seeded demo data), each figure beside what bounds it:
 *  - the request path: the api's GET /health, with production's observation on (metrics recorded, JSON log lines), beside
 *    bare axum answering the same body (bench/baseline), in req/s and CPU time per request;
 *  - api: a logged-in coach lists a relationship's sessions (read) and adds notes (write), with the statements each
 *    request sends to PostgreSQL, and pgbench running those very statements from as many connections;
 *  - web: the same coach's rendered dashboard and session page.
 * Prints tables and updates the api and web sections of docs/benchmarks.md.
 *
 *   npx nx run bench:http                         (builds the release api, web and baseline first)
 *   BENCH_SECONDS=20 BENCH_CONNECTIONS=64 npx nx run bench:http
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import autocannon, { type Options, type Result } from 'autocannon';
import { PLATFORM_SCHEMA } from '@coaching/platform-model';
import { consoleReporter, startDetached } from '@coaching/process';
import { freePort, nativeAppEnvironment, releaseDir, waitUntilAnswered } from '@coaching/runtime';
import { apiLogin, startTemporaryPlatform, webLogin } from '@coaching/testing';
import { countStatementsFromNowOn, pgbench, statementsOf, statementsPerRequest } from './lib/database';
import { figures, machine, markdownTable, measuredWith, publish, runScript, type Row } from './lib/report';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
/**
 * The write scenario's length in notes: 50 relationships' write quotas hold 25,000 (500 each), this many and the
 * warm-up's, written to each in turn, stay within them; a note past a quota would be a cheap 429.
 */
const WRITE_REQUESTS = 18_000;
/** Linux counts a process's CPU time in ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

function load(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ duration: seconds, connections, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** The CPU time process `pid` has used so far (user and system, all its threads), in seconds. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** A load run of `url` with the CPU time per request of the process `pid` that serves it, in µs. */
async function loadServedBy(url: string, pid: number): Promise<{ result: Result; cpuMicroseconds: number }> {
  await load({ url, duration: 2 }); // warm-up
  const before = await cpuSeconds(pid);
  const result = await load({ url });
  return { result, cpuMicroseconds: (((await cpuSeconds(pid)) - before) * 1e6) / result.requests.total };
}

/** Publishes one table with how it was measured and what `what` says about it. */
function publishTable(name: string, title: string, what: string, rows: Record<string, string>[]): Promise<void> {
  return publish(
    name,
    title,
    [
      `${measuredWith('http')} (autocannon on loopback, ${seconds} s per`,
      `scenario, ${connections} connections, release build, PostgreSQL 17 on the same machine: ${machine()}).`,
      what,
    ],
    markdownTable(rows),
  );
}

const ratio = (ours: number, bound: number) => `${((100 * ours) / bound).toFixed(0)} %`;

async function main(): Promise<void> {
  console.log(`HTTP benchmark: ${seconds} s per scenario, ${connections} connections, ${machine()}`);
  const platform = await startTemporaryPlatform(workspaceRoot, consoleReporter);
  const baselinePort = await freePort();
  const baselinePid = startDetached(join(releaseDir(workspaceRoot), 'health-baseline'), [String(baselinePort)], {
    cwd: workspaceRoot,
    env: {},
    logFile: join(platform.settings.dataDir, 'logs', 'health-baseline.log'),
  });
  // The platform's api as production runs it: natively it records no metrics and logs text lines.
  const [observedPort, metricsPort] = [await freePort(), await freePort()];
  const observedPid = startDetached(join(releaseDir(workspaceRoot), 'api'), [], {
    cwd: workspaceRoot,
    env: {
      ...nativeAppEnvironment(platform.settings, 'api', process.env.PATH ?? ''),
      API_PORT: String(observedPort),
      METRICS_PORT: String(metricsPort),
      LOG_FORMAT: 'json',
    },
    logFile: join(platform.settings.dataDir, 'logs', 'api-observed.log'),
  });
  try {
    await countStatementsFromNowOn(platform);
    const baselineUrl = `http://127.0.0.1:${baselinePort}/health`;
    const observedUrl = `http://127.0.0.1:${observedPort}/health`;
    for (const url of [baselineUrl, observedUrl]) {
      if (!(await waitUntilAnswered(url, 10_000))) throw new Error(`nothing answered on ${url}`);
    }

    const bare = await loadServedBy(baselineUrl, baselinePid);
    const ours = await loadServedBy(observedUrl, observedPid);
    const pathRows = [
      { scenario: 'bare axum (bench/baseline)', run: bare },
      { scenario: 'api GET /health, every production layer on (metrics, JSON logs)', run: ours },
    ].map(({ scenario, run }) => ({
      ...figures({ scenario, result: run.result }),
      'CPU µs/request': run.cpuMicroseconds.toFixed(1),
      'of bare axum (req/s)': ratio(run.result.requests.average, bare.result.requests.average),
    }));

    const apiCookie = await apiLogin(platform.apiUrl);
    const call = async (path: string, init: RequestInit = {}) => {
      const reply = await fetch(`${platform.apiUrl}${path}`, { ...init, headers: { cookie: apiCookie, 'content-type': 'application/json' } });
      if (!reply.ok) throw new Error(`${path} answered ${reply.status}: ${await reply.text()}`);
      return reply.json() as Promise<{ items: { id: string }[] }>;
    };
    const [relationship] = (await call('/relationships')).items;
    const [session] = (await call(`/sessions?relationship_id=${relationship.id}`)).items;
    const headers = { cookie: apiCookie, 'content-type': 'application/json' };
    /** The write quotas of every relationship, full again. */
    const refillQuotas = () =>
      platform.runtime.database.query(`DELETE FROM ${PLATFORM_SCHEMA}.throttle_buckets WHERE key LIKE 'relationship-writes:%'`);
    /**
     * One api scenario: its statements (of one request, and counted over many), its load, and pgbench on those statements;
     * `amount` requests (and as many pgbench transactions) rather than a length, when given.
     */
    const measure = async (
      scenario: string,
      request: () => Promise<void>,
      loadOptions: Options,
      variants: (statements: string[]) => string[][] = (statements) => [statements],
    ) => {
      await request(); // the api now remembers the login, as it does under load
      const statements = await statementsOf(platform, request);
      const perRequest = await statementsPerRequest(platform, request);
      const { amount, ...warmUp } = loadOptions;
      await refillQuotas();
      await load({ ...warmUp, duration: 1 });
      const result = await load(loadOptions);
      await refillQuotas();
      const bound = await pgbench(platform, statements, { clients: connections, seconds, transactions: amount, variants: variants(statements) });
      console.log(`${scenario}: ${statements.length} statements\n${statements.map((statement) => `  ${statement.replace(/\s+/g, ' ')}`).join('\n')}`);
      return {
        ...figures({ scenario, result }),
        'statements/request': perRequest.toFixed(2),
        'pgbench, same statements (tps)': bound.toFixed(0),
        'of pgbench': ratio(result.requests.average, bound),
      };
    };
    const read = `/sessions?relationship_id=${relationship.id}`;
    const apiRows = [
      await measure('GET /sessions?relationship_id=:id', async () => void (await call(read)), { url: `${platform.apiUrl}${read}`, headers }),
    ];

    const webCookie = await webLogin(platform.webUrl);
    const webRows: Row[] = [
      { scenario: 'GET / (dashboard)', result: await load({ url: `${platform.webUrl}/`, headers: { cookie: webCookie } }) },
      {
        scenario: 'GET /sessions/:id (session page)',
        result: await load({ url: `${platform.webUrl}/sessions/${session.id}`, headers: { cookie: webCookie } }),
      },
    ];

    // Writes go to the next sessions of the 50 relationships of bench/coaching-scale.sql in turn, as many coaches writing
    // at once would: each relationship takes a bounded number of writes (its quota, emptied first), and so does the run.
    await platform.runtime.database.query(await readFile(join(workspaceRoot, 'bench', 'coaching-scale.sql'), 'utf8'));
    const nextSessions = (
      await platform.runtime.database.query(
        `SELECT DISTINCT ON (coaching_relationship_id) id || '|' || coaching_relationship_id FROM ${PLATFORM_SCHEMA}.coaching_sessions
          WHERE coaching_relationship_id IN (SELECT md5('bench-relationship-' || n)::uuid FROM generate_series(1, 50) AS n)
            AND starts_at > now() ORDER BY coaching_relationship_id, starts_at`,
      )
    )
      .split('\n')
      .map((row) => row.split('|'));
    const note = (sessionId: string) => JSON.stringify({ session_id: sessionId, body: 'Benchmark note: what went well this week.' });
    const [[firstSession, firstRelationship]] = nextSessions;
    let written = 0;
    apiRows.push(
      await measure(
        'POST /notes',
        async () => void (await call('/notes', { method: 'POST', body: note(firstSession) })),
        {
          url: `${platform.apiUrl}/notes`,
          headers,
          amount: WRITE_REQUESTS,
          requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: note(nextSessions[written++ % nextSessions.length][0]) }) }],
        },
        (statements) =>
          nextSessions.map(([sessionId, relationshipId]) =>
            statements.map((statement) => statement.replaceAll(firstSession, sessionId).replaceAll(firstRelationship, relationshipId)),
          ),
      ),
    );

    await publishTable(
      'api',
      'API on loopback',
      [
        "The request path: the api's `/health` (no database) beside bare axum answering the same body on the same runtime",
        'and allocator (`bench/baseline`), the api with every limit, its request ids, metrics recorded and JSON log lines as in',
        "production; CPU µs/request is the serving process's CPU time over the run. Target: ≥ 90 % of bare axum.",
        '',
        markdownTable(pathRows),
        '',
        'The read lists the sessions of a seeded relationship as its coach; the write adds a note to the next session of one of 50',
        `relationships in turn, ${WRITE_REQUESTS.toLocaleString('en')} notes (their write quotas hold 25,000). Each request is`,
        'authenticated by its login cookie and authorised against the database. Statements/request are what PostgreSQL counted',
        '(pg_stat_statements, BEGIN and COMMIT included: the round trips); pgbench runs those very statements of one request, with',
        'their values, from as many connections: what the database alone sustains (for the write, as many transactions, each in one',
        'of the 50 relationships at random). Target: ≥ 70 % of pgbench.',
      ].join('\n'),
      apiRows,
    );
    await publishTable(
      'web',
      'Web pages on loopback',
      'Rendered HTML as the logged-in coach: the dashboard (one api call, `GET /dashboard`) and a session page (one api call: the session workspace, which also says who is looking). Target: p99 < 30 ms.',
      webRows.map(figures),
    );
  } finally {
    process.kill(baselinePid);
    process.kill(observedPid);
    await platform.stop();
  }
}

runScript(main);
