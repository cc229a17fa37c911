/**
 * What the database does for a request, seen from PostgreSQL: how many statements the apps send per request
 * (pg_stat_statements, BEGIN and COMMIT included: the round trips), the very statements of one request with their
 * values (from the server's log), and how fast pgbench runs those statements alone, which is the most an api could
 * serve if it added nothing on top.
 */
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PLATFORM_SCHEMA } from '@coaching/platform-model';
import { run } from '@coaching/process';
import { clientTool } from '@coaching/runtime';
import type { TemporaryPlatform } from '@coaching/testing';

function superuser(platform: TemporaryPlatform, sql: string): Promise<string> {
  return platform.runtime.database.queryAsSuperuser(sql, platform.settings.database.name);
}

/** Loads pg_stat_statements into the server, which takes a restart of the platform (its data kept). */
export async function countStatementsFromNowOn(platform: TemporaryPlatform): Promise<void> {
  await superuser(platform, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  await platform.restart();
  await superuser(platform, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
}

/** Every statement the apps have sent so far: they connect as the application role, the counting as the superuser. */
async function statementsSoFar(platform: TemporaryPlatform): Promise<number> {
  const role = platform.settings.database.app.user;
  return Number(
    await superuser(
      platform,
      `SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = '${role}'`,
    ),
  );
}

/**
 * Statements per call of `request`, over `times` calls one after another (after `countStatementsFromNowOn`). The
 * api's mail worker adds its own, about one a second, which over these calls is a few hundredths per request.
 */
export async function statementsPerRequest(platform: TemporaryPlatform, request: () => Promise<void>, times = 50): Promise<number> {
  return statementsPerCall(platform, async () => undefined, request, times);
}

/**
 * As `statementsPerRequest`, each call of `request` given what `prepare` made for it first, whose statements are not
 * counted (the action a change of status needs, say).
 */
export async function statementsPerCall<T>(
  platform: TemporaryPlatform,
  prepare: () => Promise<T>,
  request: (prepared: T) => Promise<void>,
  times: number,
): Promise<number> {
  let counted = 0;
  for (let i = 0; i < times; i++) {
    const prepared = await prepare();
    const before = await statementsSoFar(platform);
    await request(prepared);
    counted += (await statementsSoFar(platform)) - before;
  }
  return counted / times;
}

/** Waits until the server's backends have read a reloaded setting (they do before their next command). */
async function reloadSettings(platform: TemporaryPlatform): Promise<void> {
  await superuser(platform, 'SELECT pg_reload_conf()');
  await sleep(300);
}

/**
 * The statements one call of `request` sends, in order, each with its values written in: the server logs every
 * statement with its parameters while it runs. The mail worker's (its outbox) and the switching on and off are left out.
 */
export async function statementsOf(platform: TemporaryPlatform, request: () => Promise<void>): Promise<string[]> {
  const log = join(platform.settings.dataDir, 'logs', 'db.log');
  await superuser(platform, 'ALTER SYSTEM SET log_min_duration_statement = 0');
  await reloadSettings(platform);
  const file = await open(log, 'r');
  try {
    const from = (await file.stat()).size;
    await request();
    await superuser(platform, 'ALTER SYSTEM RESET log_min_duration_statement');
    await reloadSettings(platform);
    const { size } = await file.stat();
    const { buffer } = await file.read({ buffer: Buffer.alloc(size - from), position: from });
    const ours = /^(ALTER SYSTEM|SELECT pg_reload_conf)/;
    return loggedStatements(buffer.toString('utf8')).filter((statement) => !ours.test(statement) && !/\boutbox\b/.test(statement));
  } finally {
    await file.close();
  }
}

/** The statements a server log shows executed (`execute …:` and simple `statement:` lines), with their logged parameters written in. */
export function loggedStatements(log: string): string[] {
  // One entry per line that starts with a timestamp; the lines of a statement after its first start with a tab.
  const entries = log.split(/\n(?=\d{4}-\d\d-\d\d )/).map((entry) => entry.replace(/^.*? (LOG|DETAIL): {2}/s, '$1 '));
  const statements: string[] = [];
  entries.forEach((entry, index) => {
    const executed = /^LOG duration: [\d.]+ ms {2}(?:execute [^:]*|statement): (.*)$/s.exec(entry.trimEnd());
    if (!executed) return;
    const parameters = /^DETAIL Parameters: (.*)$/s.exec(entries[index + 1]?.trimEnd() ?? '')?.[1] ?? '';
    const values = [...parameters.matchAll(/\$(\d+) = (NULL|'(?:[^']|'')*')/g)].sort((a, b) => Number(b[1]) - Number(a[1]));
    statements.push(values.reduce((sql, [, n, value]) => sql.replace(new RegExp(`\\$${n}(?!\\d)`, 'g'), value), executed[1]));
  });
  return statements;
}

/**
 * Transactions per second of pgbench running one request's `statements` in a loop from `clients` connections as the
 * application role, for `seconds`: each transaction is one request's worth of database work. With `variants` (e.g. the
 * same request in other relationships), each transaction picks one of them at random, as the api's load does.
 */
export async function pgbench(
  platform: TemporaryPlatform,
  statements: string[],
  { clients, seconds, transactions, variants = [statements] }: { clients: number; seconds: number; transactions?: number; variants?: string[][] },
): Promise<number> {
  // pgbench takes `:name` for its variables even inside quotes (a throttle key 'relationship-writes:abc…'), so such a
  // colon is written as a concatenation; `::type` casts stay as they are.
  const unvariabled = (statement: string) => statement.replace(/(?<!:):(?=[A-Za-z_])/g, "' || ':' || '");
  const lines = (variant: string[]) => variant.map((statement) => `${unvariabled(statement.replace(/\s+/g, ' '))};`);
  // One script whose branches are the variants.
  const script =
    variants.length > 1
      ? [
          `\\set variant random(0, ${variants.length - 1})`,
          ...variants.flatMap((variant, index) => [`\\${index === 0 ? 'if' : 'elif'} :variant = ${index}`, ...lines(variant)]),
          '\\endif',
        ]
      : lines(statements);
  const file = join(platform.settings.dataDir, 'pgbench.sql');
  await writeFile(file, `${script.join('\n')}\n`);
  const { app, name } = platform.settings.database;
  // A number of transactions (shared out among the clients) instead of a length, when the statements may run only so often.
  const length = transactions ? ['-t', String(Math.ceil(transactions / clients))] : ['-T', String(seconds)];
  const args = ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', ...length, '-f', file];
  const connection = ['-h', '127.0.0.1', '-p', String(platform.settings.ports.db), '-U', app.user, name];
  const { stdout } = await run(clientTool('pgbench'), [...args, ...connection], {
    cwd: platform.settings.dataDir,
    env: { ...process.env, PGPASSWORD: app.password, PGOPTIONS: `-c search_path=${PLATFORM_SCHEMA}` },
  });
  const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(tps);
}
