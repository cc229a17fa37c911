import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbmlToSql, modelFromDbml } from './dbml';
import { schemaDrift } from './drift';
import { normaliseDefault, normaliseType } from './model';

const SCHEMA_DBML = readFileSync(join(__dirname, '..', '..', '..', 'apps', 'db', 'schema.dbml'), 'utf8');

describe("the platform's schema.dbml", () => {
  const model = modelFromDbml(SCHEMA_DBML, 'refactor_platform');

  it('documents every table with a named primary key', () => {
    expect(Object.keys(model.tables).sort()).toEqual([
      'actions',
      'agenda_topics',
      'agreements',
      'auth_sessions',
      'calendar_feeds',
      'coaching_relationships',
      'coaching_session_goals',
      'coaching_sessions',
      'goal_status_changes',
      'goals',
      'invitations',
      'login_devices',
      'note_drafts',
      'notes',
      'one_time_links',
      'organization_memberships',
      'organizations',
      'outbox',
      'session_series',
      'throttle_buckets',
      'users',
    ]);
    for (const [name, table] of Object.entries(model.tables)) {
      const primaryKeys = Object.entries(table.indexes).filter(([, index]) => index.primaryKey);
      expect(
        primaryKeys.map(([key]) => key),
        name,
      ).toEqual([`${name}_pkey`]);
    }
  });

  it('reads columns, enums and references the way the catalog reports them', () => {
    expect(model.enums.progress_status).toEqual(['not_started', 'in_progress', 'completed', 'wont_do', 'on_hold']);
    expect(model.tables.actions.columns.status).toEqual({ type: 'progress_status', nullable: false, default: "'not_started'" });
    expect(model.tables.actions.columns.due_on).toEqual({ type: 'date', nullable: true, default: null });
    expect(model.tables.users.columns.created_at).toEqual({ type: 'timestamp with time zone', nullable: false, default: 'now()' });
    expect(model.tables.notes.foreignKeys.notes_author_id_fkey).toEqual({
      columns: ['author_id'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'restrict',
    });
  });

  it('turns into DDL for the schema, its enums and tables', () => {
    const sql = dbmlToSql(SCHEMA_DBML);
    expect(sql).toContain('CREATE SCHEMA "refactor_platform";');
    expect(sql).toContain('CREATE TYPE "refactor_platform"."progress_status" AS ENUM');
    expect(sql.match(/CREATE TABLE/g)).toHaveLength(Object.keys(model.tables).length);
  });
});

describe('modelFromDbml', () => {
  it('refuses unnamed indexes and references: the database names them', () => {
    expect(() => modelFromDbml('Table s.t {\n  id int\n  indexes {\n    id [pk]\n  }\n}\n', 's')).toThrow('needs a name');
    const unnamedRef = 'Table s.a {\n  id int\n}\nTable s.b {\n  a_id int\n}\nRef: s.b.a_id > s.a.id\n';
    expect(() => modelFromDbml(unnamedRef, 's')).toThrow('needs a name');
  });
});

describe('normalisation', () => {
  it('spells types as format_type does', () => {
    expect(normaliseType('timestamptz', 's')).toBe('timestamp with time zone');
    expect(normaliseType('s.progress_status', 's')).toBe('progress_status');
    expect(normaliseType('"s"."status"', 's')).toBe('status');
    expect(normaliseType('int4', 's')).toBe('integer');
  });

  it('drops casts and parentheses from defaults', () => {
    expect(normaliseDefault("'member'::s.organization_role")).toBe("'member'");
    expect(normaliseDefault("''::text")).toBe("''");
    expect(normaliseDefault('(gen_random_uuid())')).toBe('gen_random_uuid()');
    expect(normaliseDefault(null)).toBeNull();
  });
});

describe('schemaDrift', () => {
  const documented = modelFromDbml(SCHEMA_DBML, 'refactor_platform');

  it('is empty for identical models', () => {
    expect(schemaDrift(documented, structuredClone(documented))).toEqual([]);
  });

  it('names each difference in a line of its own', () => {
    const live = structuredClone(documented);
    live.tables.users.columns.nickname = { type: 'text', nullable: true, default: null };
    live.tables.notes.columns.body.nullable = true;
    delete live.tables.goals.indexes.goals_coaching_relationship_id_idx;
    live.enums.progress_status.push('archived');
    delete live.tables.auth_sessions;

    expect(schemaDrift(documented, live)).toEqual([
      'enum progress_status: values (not_started, in_progress, completed, wont_do, on_hold) in schema.dbml, (not_started, in_progress, completed, wont_do, on_hold, archived) in the database',
      'table auth_sessions is in schema.dbml but not in the database',
      'table goals: index goals_coaching_relationship_id_idx is in schema.dbml but not in the database',
      'table notes: column body: nullable false in schema.dbml, true in the database',
      'table users: column nickname is in the database but not in schema.dbml',
    ]);
  });
});
