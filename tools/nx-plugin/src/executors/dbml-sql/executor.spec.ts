import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executorContext, muteLogger } from '../shared/testing';
import dbmlSqlExecutor from './executor';

describe('dbml-sql', () => {
  it('writes the DDL of the DBML file, both paths from the workspace root', async () => {
    muteLogger();
    const root = mkdtempSync(join(tmpdir(), 'dbml-sql-'));
    writeFileSync(join(root, 'schema.dbml'), 'Table s.t {\n  id int [not null]\n  indexes {\n    id [pk, name: "t_pkey"]\n  }\n}\n');

    const result = await dbmlSqlExecutor({ dbml: 'schema.dbml', output: 'out/schema.sql' }, executorContext(root));

    expect(result).toEqual({ success: true });
    const sql = readFileSync(join(root, 'out', 'schema.sql'), 'utf8');
    expect(sql).toContain('CREATE SCHEMA "s";');
    expect(sql).toContain('CREATE TABLE "s"."t"');
  });
});
