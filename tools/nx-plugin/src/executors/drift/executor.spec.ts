import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PLATFORM_SCHEMA } from '@coaching/platform-model';
import { fakeDatabase, fakeRuntime } from '@coaching/runtime/testing';
import { executorContext, muteLogger, opened, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import driftExecutor from './executor';

const DBML = `Table ${PLATFORM_SCHEMA}.users {\n  id int [not null]\n  indexes {\n    id [pk, name: "users_pkey"]\n  }\n}\n`;

/** The catalog rows a migrated database holds, by the catalog each of the drift's queries reads. */
function catalog(columns: { column: string; type: string }[]): Record<string, unknown[]> {
  return {
    pg_enum: [],
    format_type: columns.map(({ column, type }) => ({ table: 'users', column, type, not_null: column === 'id', default: null })),
    pg_index: [{ table: 'users', name: 'users_pkey', unique: true, primary: true, columns: ['id'] }],
    pg_constraint: [],
  };
}

/** A runtime whose database answers the catalog queries, as psql or the driver return them: one JSON text. */
function runtimeWith(rows: Record<string, unknown[]>) {
  const database = fakeDatabase();
  vi.mocked(database.query).mockImplementation(async (sql: string) => {
    const [, answer] = Object.entries(rows).find(([catalogName]) => sql.includes(catalogName)) ?? [];
    if (!answer) throw new Error(`unexpected query ${sql}`);
    return JSON.stringify(answer);
  });
  return fakeRuntime({ database });
}

describe('drift', () => {
  let root: string;
  beforeEach(() => {
    muteLogger();
    root = mkdtempSync(join(tmpdir(), 'drift-'));
    writeFileSync(join(root, 'schema.dbml'), DBML);
  });

  it('reads the live catalog through the runtime asked for, and passes when it matches the DBML', async () => {
    const runtime = openWith({}, runtimeWith(catalog([{ column: 'id', type: 'integer' }])));

    expect(await driftExecutor({ dbml: 'schema.dbml', runtime: 'native' }, executorContext(root))).toEqual({ success: true });
    expect(opened.choices).toEqual(['native']);
    expect(runtime.database.query).toHaveBeenCalledWith(expect.stringContaining(`n.nspname = '${PLATFORM_SCHEMA}'`));
    expect(logger.info).toHaveBeenCalledWith('schema.dbml and the database agree (1 tables, 0 enums).');
  });

  it('fails and lists each difference', async () => {
    openWith(
      {},
      runtimeWith(
        catalog([
          { column: 'id', type: 'integer' },
          { column: 'nickname', type: 'text' },
        ]),
      ),
    );

    expect(await driftExecutor({ dbml: 'schema.dbml' }, executorContext(root))).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(
      'schema.dbml and the database disagree:\n  - table users: column nickname is in the database but not in schema.dbml',
    );
  });

  it('reports a database it cannot read in one line', async () => {
    const database = fakeDatabase();
    vi.mocked(database.query).mockRejectedValue(new Error('connection refused'));
    openWith({}, fakeRuntime({ database }));

    expect(await driftExecutor({ dbml: 'schema.dbml' }, executorContext(root))).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('drift failed: connection refused');
  });
});
