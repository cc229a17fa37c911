import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleReporter, run, RunError } from '@coaching/process';
import { startTemporaryPlatform, type TemporaryPlatform } from '@coaching/testing';
import { schemathesis } from './schemathesis';

/** Generated test cases per operation and phase: a few minutes for the whole document on two cores. */
const MAX_EXAMPLES = 25;
/** The answers must hold what the document promises; nothing more is asked here (no security checks). */
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];
/** Ends the login session the run is authenticated with, so it gets a run of its own, after the others. */
const LOGOUT = '/logout';

/** The `api_session=...` pair the api sets when `email` logs in with the demo password. */
async function sessionCookie(apiUrl: string, email: string): Promise<string> {
  const response = await fetch(`${apiUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'password' }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('api_session='));
  if (!cookie) throw new Error('the login set no api_session cookie');
  return cookie.split(';')[0] ?? cookie;
}

/** The kinds of ids the api's parameters and bodies name. */
type Kind = 'organization' | 'person' | 'relationship' | 'session' | 'note' | 'agreement' | 'action' | 'goal';

/** Where each kind appears: parameters by location and name (`path.id` per path prefix, below). */
const BINDINGS: Record<string, Kind> = {
  'query.organization_id': 'organization',
  'body.organization_id': 'organization',
  'path.user_id': 'person',
  'body.coach_id': 'person',
  'body.coachee_id': 'person',
  'query.relationship_id': 'relationship',
  'body.relationship_id': 'relationship',
  'query.session_id': 'session',
  'path.session_id': 'session',
  'body.session_id': 'session',
};
const PATH_IDS: Record<string, Kind> = {
  organizations: 'organization',
  relationships: 'relationship',
  sessions: 'session',
  notes: 'note',
  agreements: 'agreement',
  actions: 'action',
  goals: 'goal',
};
/** How often a bound parameter takes a demo id instead of a generated value. */
const DEMO_ID_PROBABILITY = 0.5;

interface Page<T> {
  items: T[];
}
interface Workspace {
  notes: Page<{ id: string }>;
  agreements: Page<{ id: string }>;
  actions: Page<{ id: string }>;
  goals: Page<{ id: string }>;
}

/** Ids of the demo data the coach sees, by kind: the first page of each list, entries of a few sessions. */
async function demoIds(apiUrl: string, cookie: string): Promise<Record<Kind, string[]>> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${apiUrl}${path}`, { headers: { cookie } });
    expect(response.status, `GET ${path}: ${await response.clone().text()}`).toBe(200);
    return (await response.json()) as T;
  };
  type Relationship = { id: string; organization_id: string; coach: { id: string }; coachee: { id: string } };
  const relationships = (await get<Page<Relationship>>('/relationships')).items;
  const organizations = (await get<Page<{ id: string }>>('/organizations')).items;
  const sessions = (await get<Page<{ id: string }>>('/sessions')).items;
  const workspaces = await Promise.all(sessions.slice(0, 3).map(({ id }) => get<Workspace>(`/sessions/${id}/workspace`)));
  const ids = (items: { id: string }[]) => [...new Set(items.map(({ id }) => id))];
  return {
    organization: ids(organizations),
    person: ids(relationships.flatMap(({ coach, coachee }) => [coach, coachee])),
    relationship: ids(relationships),
    session: ids(sessions),
    note: ids(workspaces.flatMap(({ notes }) => notes.items)),
    agreement: ids(workspaces.flatMap(({ agreements }) => agreements.items)),
    action: ids(workspaces.flatMap(({ actions }) => actions.items)),
    goal: ids(workspaces.flatMap(({ goals }) => goals.items)),
  };
}

/**
 * A schemathesis.toml that makes id parameters and body fields take demo ids half the time, so generated requests
 * reach the handlers' rules instead of stopping at 404.
 */
function demoIdConfig(ids: Record<Kind, string[]>): string {
  const binding = (kind: Kind) => `{ dictionary = "${kind}", probability = ${DEMO_ID_PROBABILITY} }`;
  const present = (kind: Kind) => ids[kind].length > 0;
  return [
    ...Object.entries(ids)
      .filter(([, values]) => values.length > 0)
      .map(([kind, values]) => `[dictionaries.${kind}]\nvalues = ${JSON.stringify(values)}\n`),
    '[parameters]',
    ...Object.entries(BINDINGS)
      .filter(([, kind]) => present(kind))
      .map(([key, kind]) => `"${key}" = ${binding(kind)}`),
    ...Object.entries(PATH_IDS)
      .filter(([, kind]) => present(kind))
      .map(([prefix, kind]) => `\n[[operations]]\ninclude-path-regex = "^/${prefix}/"\nparameters = { "path.id" = ${binding(kind)} }`),
  ].join('\n');
}

/**
 * Schemathesis over every operation of the api's own OpenAPI document, as a coach of the demo data: no 5xx, and
 * every status, content type and body as documented. Its report is printed as it runs.
 */
describe('the OpenAPI document', () => {
  let platform: TemporaryPlatform;
  let st: string;
  let scratch: string;

  beforeAll(async () => {
    [st, platform] = await Promise.all([schemathesis(), startTemporaryPlatform(workspaceRoot, consoleReporter)]);
    scratch = await mkdtemp(join(tmpdir(), 'schemathesis-'));
  });

  afterAll(async () => {
    await platform?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** `st run` over the operations `filter` selects; true when it found nothing. */
  async function fuzz(cookie: string, config: string, filter: string[]): Promise<boolean> {
    const args = [
      `--config-file=${config}`,
      'run',
      `${platform.apiUrl}/api-docs/openapi.json`,
      `--url=${platform.apiUrl}`,
      `--checks=${CHECKS.join(',')}`,
      `--max-examples=${MAX_EXAMPLES}`,
      `--header=Cookie: ${cookie}`,
      // One worker: hypothesis parses lambda sources with `ast.parse` while describing strategies, and
      // Python 3.11's AST constructor is not thread-safe ("SystemError: AST constructor recursion depth
      // mismatch" in a CI run with two).
      '--workers=1',
      '--generation-database=none',
      '--no-color',
      ...filter,
    ];
    try {
      // In a scratch folder: schemathesis may write files where it runs, never into the clone.
      await run(st, args, { cwd: scratch, stdio: 'inherit' });
      return true;
    } catch (error) {
      if (error instanceof RunError && error.exitCode !== undefined) return false;
      throw error;
    }
  }

  it('holds for generated requests to every operation', async () => {
    const cookie = await sessionCookie(platform.apiUrl, 'coach@example.com');
    const config = join(scratch, 'schemathesis.toml');
    await writeFile(config, demoIdConfig(await demoIds(platform.apiUrl, cookie)));
    expect(await fuzz(cookie, config, [`--exclude-path=${LOGOUT}`]), 'schemathesis found failures (report above)').toBe(true);
    expect(await fuzz(cookie, config, [`--include-path=${LOGOUT}`]), 'schemathesis found failures (report above)').toBe(true);
  }, 900_000);
});
