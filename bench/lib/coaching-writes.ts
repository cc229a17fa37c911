/**
 * The coaching loop's writes, each counted in statements PostgreSQL ran for it (BEGIN and COMMIT included: the round
 * trips), as the demo coach in one of their relationships. What a write needs first (the action whose status changes)
 * is made before its count starts.
 */
import type { TemporaryPlatform } from '@coaching/testing';
import { statementsPerCall } from './database';

/** Calls of each write counted. */
const COUNTED_WRITES = 10;

interface Write {
  name: string;
  /** Makes what the write needs, and answers the write's path and body. */
  prepare: () => Promise<{ method: string; path: string; body?: unknown }>;
}

type Json = Record<string, unknown> & { id: string };

/** Statements per write, by write, for the coach of `relationship` (logged in as `cookie`) in its session `session`. */
export async function statementsPerWrite(
  platform: TemporaryPlatform,
  cookie: string,
  { relationship, session }: { relationship: string; session: string },
): Promise<Record<string, string>[]> {
  async function call(method: string, path: string, body?: unknown): Promise<Json> {
    const reply = await fetch(`${platform.apiUrl}${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await reply.text();
    if (!reply.ok) throw new Error(`${method} ${path} answered ${reply.status}: ${text}`);
    return text ? (JSON.parse(text) as Json) : ({ id: '' } as Json);
  }
  // The coach assigns actions to themselves and the coachee takes no scheduling mail: no mail is sent meanwhile, whose
  // sending the count would take in (the outbox is still written to, with no one to tell).
  await platform.runtime.database.query(
    `UPDATE refactor_platform.users u SET mail_scheduling = false FROM refactor_platform.coaching_relationships r
       WHERE r.id = '${relationship}' AND u.id = r.coachee_id`,
  );
  let day = 0;
  const nextDay = () => new Date(Date.UTC(2031, 0, 1) + ++day * 86_400_000);
  const newAction = () => call('POST', '/actions', { session_id: session, body: 'Read the chapter', assignee: 'coach' });
  const newGoal = (linked: boolean) =>
    call('POST', '/goals', { relationship_id: relationship, title: 'Delegate more', session_id: linked ? session : undefined });
  const newTopic = async () => {
    const topic = await call('POST', `/sessions/${session}/agenda`, { body: 'Feedback' });
    return topic.id;
  };
  const newSession = () => call('POST', '/sessions', { relationship_id: relationship, starts_at: nextDay(), duration_minutes: 60 });
  const writes: Write[] = [
    {
      name: 'POST /actions',
      prepare: async () => ({ method: 'POST', path: '/actions', body: { session_id: session, body: 'Call Sam', assignee: 'coach' } }),
    },
    {
      name: 'PUT /actions/:id',
      prepare: async () => ({
        method: 'PUT',
        path: `/actions/${(await newAction()).id}`,
        body: { body: 'Call Sam twice', status: 'in_progress', assignee: 'coach' },
      }),
    },
    {
      name: 'PUT /actions/:id/status',
      prepare: async () => ({ method: 'PUT', path: `/actions/${(await newAction()).id}/status`, body: { status: 'completed' } }),
    },
    { name: 'DELETE /actions/:id', prepare: async () => ({ method: 'DELETE', path: `/actions/${(await newAction()).id}` }) },
    {
      name: 'POST /goals',
      prepare: async () => ({ method: 'POST', path: '/goals', body: { relationship_id: relationship, title: 'Listen', session_id: session } }),
    },
    {
      name: 'PUT /goals/:id',
      prepare: async () => ({
        method: 'PUT',
        path: `/goals/${(await newGoal(false)).id}`,
        body: { title: 'Listen first', body: '', status: 'in_progress' },
      }),
    },
    {
      name: 'PUT /goals/:id/status',
      prepare: async () => ({ method: 'PUT', path: `/goals/${(await newGoal(false)).id}/status`, body: { status: 'completed' } }),
    },
    {
      name: 'POST /goals/:id/sessions/:id',
      prepare: async () => ({ method: 'POST', path: `/goals/${(await newGoal(false)).id}/sessions/${session}` }),
    },
    {
      name: 'DELETE /goals/:id/sessions/:id',
      prepare: async () => ({ method: 'DELETE', path: `/goals/${(await newGoal(true)).id}/sessions/${session}` }),
    },
    {
      name: 'POST /sessions/:id/agenda',
      prepare: async () => {
        // Room on the agenda (it holds at most 30 topics): the topics made so far go first.
        await platform.runtime.database.query(`DELETE FROM refactor_platform.agenda_topics WHERE coaching_session_id = '${session}'`);
        return { method: 'POST', path: `/sessions/${session}/agenda`, body: { body: 'Delegation' } };
      },
    },
    { name: 'PUT /agenda/:id', prepare: async () => ({ method: 'PUT', path: `/agenda/${await newTopic()}`, body: { body: 'Feedback, again' } }) },
    {
      name: 'PUT /agenda/:id/discussed',
      prepare: async () => ({ method: 'PUT', path: `/agenda/${await newTopic()}/discussed`, body: { discussed: true } }),
    },
    {
      name: 'PUT /sessions/:id/agenda/order',
      prepare: async () => {
        await platform.runtime.database.query(`DELETE FROM refactor_platform.agenda_topics WHERE coaching_session_id = '${session}'`);
        const topics = [await newTopic(), await newTopic()];
        return { method: 'PUT', path: `/sessions/${session}/agenda/order`, body: { topic_ids: topics.reverse() } };
      },
    },
    { name: 'DELETE /agenda/:id', prepare: async () => ({ method: 'DELETE', path: `/agenda/${await newTopic()}` }) },
    {
      name: 'POST /sessions',
      prepare: async () => ({
        method: 'POST',
        path: '/sessions',
        body: { relationship_id: relationship, starts_at: nextDay(), duration_minutes: 60 },
      }),
    },
    {
      name: 'PUT /sessions/:id',
      prepare: async () => ({
        method: 'PUT',
        path: `/sessions/${(await newSession()).id}`,
        body: { starts_at: nextDay(), duration_minutes: 45 },
      }),
    },
    { name: 'DELETE /sessions/:id', prepare: async () => ({ method: 'DELETE', path: `/sessions/${(await newSession()).id}` }) },
    {
      name: 'POST /series',
      prepare: async () => {
        day += 60; // four weekly sessions, clear of the others
        const first = nextDay().toISOString().slice(0, 19);
        const body = { relationship_id: relationship, first_starts_at: first, timezone: 'UTC', every_weeks: 1, occurrences: 4, duration_minutes: 60 };
        return { method: 'POST', path: '/series', body };
      },
    },
    {
      name: 'POST /series/:id/end',
      prepare: async () => {
        day += 60;
        const first = nextDay().toISOString().slice(0, 19);
        const body = { relationship_id: relationship, first_starts_at: first, timezone: 'UTC', every_weeks: 1, occurrences: 4, duration_minutes: 60 };
        return { method: 'POST', path: `/series/${(await call('POST', '/series', body)).id}/end`, body: {} };
      },
    },
    { name: 'POST /notes', prepare: async () => ({ method: 'POST', path: '/notes', body: { session_id: session, body: 'A note' } }) },
  ];
  await call('GET', '/me'); // the api now remembers the login, as it does under load
  const rows: Record<string, string>[] = [];
  for (const write of writes) {
    const perWrite = await statementsPerCall(
      platform,
      write.prepare,
      async ({ method, path, body }) => void (await call(method, path, body)),
      COUNTED_WRITES,
    );
    rows.push({ write: write.name, 'DB statements/write': perWrite.toFixed(1) });
  }
  return rows;
}
