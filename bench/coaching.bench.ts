/**
 * The coaching loop's pages at the scale of a busy practice: the demo coach with 50 more coachees, each relationship
 * 200 sessions with 10 notes and 10 actions (bench/coaching-scale.sql), on the release build run by the native runtime
 * in a temporary folder. For each page and the api call behind it: req/s and latency at 32 connections, and the
 * statements one request sends to PostgreSQL (pg_stat_statements) over sequential requests, for the big relationship
 * and for a small demo one, so that a count that grows with the data shows. Prints a table and updates the coaching section of docs/benchmarks.md.
 *
 *   npx nx run bench:coaching                    (builds the release api and web first)
 *   BENCH_SECONDS=20 npx nx run bench:coaching
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import autocannon, { type Request, type Result } from 'autocannon';
import { consoleReporter } from '@coaching/process';
import { apiLogin, startTemporaryPlatform, webLogin, type TemporaryPlatform } from '@coaching/testing';
import { statementsPerWrite } from './lib/coaching-writes';
import { countStatementsFromNowOn, statementsPerRequest } from './lib/database';
import { figures, machine, markdownTable, measuredWith, publish, runScript } from './lib/report';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** Sequential requests per count of statements. */
const COUNTED_REQUESTS = 50;

/**
 * `connections` people at once, as from their own addresses (TEST-NET-2, forwarded through loopback, which the apps trust
 * as a proxy): from one address, 32 pages of several api calls each would meet the api's CLIENT_MAX_CONNECTIONS.
 */
function load(url: string, cookie: string): Promise<Result> {
  let next = 0;
  const setupRequest = (request: Request): Request => ({
    ...request,
    headers: { cookie, 'x-forwarded-for': `198.51.100.${1 + (next++ % connections)}` },
  });
  return new Promise((resolve, reject) => {
    autocannon({ url, headers: { cookie }, duration: seconds, connections, requests: [{ setupRequest }] }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** One request of `url`, which must succeed: a failure says what the api logged. */
async function fetchOk(platform: TemporaryPlatform, url: string, cookie: string): Promise<void> {
  const reply = await fetch(url, { headers: { cookie } });
  if (!reply.ok) {
    const apiErrors = (await readFile(join(platform.settings.dataDir, 'logs', 'api.log'), 'utf8'))
      .split('\n')
      .filter((line) => / (ERROR|WARN) /.test(line));
    throw new Error(`${url} answered ${reply.status}: ${await reply.text()}\nThe api's last errors:\n${apiErrors.slice(-3).join('\n')}`);
  }
  await reply.arrayBuffer();
}

async function main(): Promise<void> {
  console.log(`Coaching pages at scale: ${seconds} s per scenario, ${connections} connections, ${machine()}`);
  const platform = await startTemporaryPlatform(workspaceRoot, consoleReporter);
  try {
    const started = Date.now();
    await platform.runtime.database.query(await readFile(join(workspaceRoot, 'bench', 'coaching-scale.sql'), 'utf8'));
    // As a database in use for a while: autovacuum has set the visibility map, which index-only scans read.
    await platform.runtime.database.query('VACUUM ANALYZE');
    await countStatementsFromNowOn(platform);
    const counts = await platform.runtime.database.query(
      `SELECT (SELECT count(*) FROM refactor_platform.coaching_relationships), (SELECT count(*) FROM refactor_platform.coaching_sessions),
              (SELECT count(*) FROM refactor_platform.notes), (SELECT count(*) FROM refactor_platform.actions)`,
    );
    const [relationships, sessions, notes, actions] = counts.split('|');
    console.log(
      `Seeded ${relationships} relationships, ${sessions} sessions, ${notes} notes, ${actions} actions in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const bigRelationship = await platform.runtime.database.query("SELECT md5('bench-relationship-1')::uuid");
    // Next week's session of the big relationship: its review holds the open actions of 100 earlier sessions.
    const bigSession = await platform.runtime.database.query(
      `SELECT id FROM refactor_platform.coaching_sessions WHERE coaching_relationship_id = '${bigRelationship}' AND starts_at > now() ORDER BY starts_at LIMIT 1`,
    );
    // The demo's own relationship with Jamie: four sessions, a handful of entries.
    const [smallRelationship, smallSession] = (
      await platform.runtime.database.query(
        `SELECT r.id, s.id FROM refactor_platform.coaching_relationships r JOIN refactor_platform.users u ON u.id = r.coachee_id
           JOIN refactor_platform.coaching_sessions s ON s.coaching_relationship_id = r.id
          WHERE u.email = 'coachee@example.com' AND s.starts_at > now() ORDER BY s.starts_at LIMIT 1`,
      )
    ).split('|');

    const apiCookie = await apiLogin(platform.apiUrl);
    const webCookie = await webLogin(platform.webUrl);
    const scenarios = [
      {
        name: 'web GET /actions (all 51 relationships)',
        base: platform.webUrl,
        cookie: webCookie,
        big: '/actions?show=all',
        small: `/actions?show=all&relationship=${smallRelationship}`,
      },
      {
        // The Actions page's one call.
        name: 'api GET /actions/overview?status=open',
        base: platform.apiUrl,
        cookie: apiCookie,
        big: '/actions/overview?status=open&limit=50',
        small: `/actions/overview?status=open&limit=50&relationship_id=${smallRelationship}`,
      },
      {
        name: 'web GET /sessions/:id (agenda, review, entries)',
        base: platform.webUrl,
        cookie: webCookie,
        big: `/sessions/${bigSession}`,
        small: `/sessions/${smallSession}`,
      },
      {
        name: 'api GET /sessions/:id/workspace',
        base: platform.apiUrl,
        cookie: apiCookie,
        big: `/sessions/${bigSession}/workspace`,
        small: `/sessions/${smallSession}/workspace`,
      },
      { name: 'web GET / (dashboard with what now)', base: platform.webUrl, cookie: webCookie, big: '/', small: '/' },
      { name: 'api GET /dashboard', base: platform.apiUrl, cookie: apiCookie, big: '/dashboard', small: '/dashboard' },
      {
        name: 'web GET /relationships/:id/goals',
        base: platform.webUrl,
        cookie: webCookie,
        big: `/relationships/${bigRelationship}/goals`,
        small: `/relationships/${smallRelationship}/goals`,
      },
    ];
    const rows: Record<string, string>[] = [];
    for (const scenario of scenarios) {
      const big = `${scenario.base}${scenario.big}`;
      await load(big, scenario.cookie); // warm-up
      const result = await load(big, scenario.cookie);
      const small = `${scenario.base}${scenario.small}`;
      const perRequestBig = await statementsPerRequest(platform, () => fetchOk(platform, big, scenario.cookie), COUNTED_REQUESTS);
      const perRequestSmall = await statementsPerRequest(platform, () => fetchOk(platform, small, scenario.cookie), COUNTED_REQUESTS);
      const row = {
        ...figures({ scenario: scenario.name, result }),
        'DB statements/request (200 sessions / 4)': `${perRequestBig.toFixed(2)} / ${perRequestSmall.toFixed(2)}`,
      };
      console.log(row);
      rows.push(row);
    }
    await publish(
      'coaching',
      'The coaching loop at scale',
      [
        `${measuredWith('coaching')} (autocannon on loopback, ${seconds} s per scenario,`,
        `${connections} connections, release build, PostgreSQL 17 on the same machine: ${machine()}).`,
        `Data: the demo plus ${relationships} relationships in all, ${sessions} sessions, ${notes} notes and ${actions} actions (bench/coaching-scale.sql,`,
        'then VACUUM ANALYZE, as autovacuum leaves a database in use):',
        'the logged-in coach has 51 coachees, 50 of them with 200 weekly sessions of 10 notes and 10 actions each. The session page is',
        "next week's session of such a relationship, whose review lists the open actions of 100 earlier sessions (first page).",
        `The last column counts the statements PostgreSQL ran per request over ${COUNTED_REQUESTS} sequential requests (pg_stat_statements,`,
        'BEGIN and COMMIT included: the round trips to the database), in that big relationship / in a demo relationship of 4 sessions.',
        "Equal counts show that the round trips of a page do not grow with its data; the api's mail worker adds about one statement",
        'a second. Target: every page p99 < 50 ms.',
      ],
      markdownTable(rows),
    );
    await publish(
      'coaching-writes',
      "The coaching loop's writes",
      [
        `${measuredWith('coaching')}, on the same platform: the statements PostgreSQL ran for each write (pg_stat_statements,`,
        'BEGIN and COMMIT included: the round trips to the database), over 10 calls as the demo coach in their relationship with',
        "the demo coachee. What a write needs (the action whose status changes) is made before its count. The mail worker's",
        'statements (about one a second) and a login looked up again (once a minute) fall into some counts: a few tenths.',
        'Target: at most 2.',
      ],
      markdownTable(await statementsPerWrite(platform, apiCookie, { relationship: smallRelationship, session: smallSession })),
    );
  } finally {
    await platform.stop();
  }
}

runScript(main);
