import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executorContext, muteLogger } from '../shared/testing';
import erdExecutor from './executor';

describe('erd', () => {
  it('draws every table of the DBML into an SVG, without the schema prefix', async () => {
    muteLogger();
    const root = mkdtempSync(join(tmpdir(), 'erd-'));
    const dbml = `Table s.users {\n  id int [not null]\n}\nTable s.notes {\n  id int [not null]\n  author_id int [not null]\n  checks {\n    \`id > 0\` [name: 'positive']\n  }\n}\nRef notes_author: s.notes.author_id > s.users.id\n`;
    writeFileSync(join(root, 'schema.dbml'), dbml);

    const result = await erdExecutor({ dbml: 'schema.dbml', schema: 's', output: 'docs/erd.svg' }, executorContext(root));

    expect(result).toEqual({ success: true });
    const svg = readFileSync(join(root, 'docs', 'erd.svg'), 'utf8');
    expect(svg.startsWith('<?xml') || svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>users<');
    expect(svg).toContain('>notes<');
    expect(svg).not.toContain('s.users');
  });
});
