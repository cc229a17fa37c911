import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext } from '../testing';
import composeCheckExecutor from './executor';

/** A workspace folder holding the given files. */
function workspace(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'compose-check-')));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

const SOUND = `services:
  api:
    image: api:local
    networks: [coaching_network]
    healthcheck: { test: ["CMD", "/app/api", "healthcheck"] }
networks: { coaching_network: {} }
`;

describe('compose-check', () => {
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  it('passes sound files, reading them from the workspace root', async () => {
    const root = workspace({ 'compose.yaml': SOUND, 'compose.production.yaml': 'services:\n  api:\n    environment: { RUNTIME_ENV: production }\n' });

    const result = await composeCheckExecutor({ productionOverrides: ['compose.production.yaml'] }, executorContext(root));

    expect(result).toEqual({ success: true });
    expect(console.log).toHaveBeenCalledWith('compose.yaml: ok');
  });

  it('fails and names each problem', async () => {
    const root = workspace({
      'compose.yaml': SOUND.replace('    networks: [coaching_network]\n', ''),
      'compose.production.yaml': 'services:\n  api:\n    environment: { POSTGRES_PASSWORD: hunter2 }\n',
    });

    const result = await composeCheckExecutor({ productionOverrides: ['compose.production.yaml'] }, executorContext(root));

    expect(result).toEqual({ success: false });
    expect(console.error).toHaveBeenCalledWith(
      'compose.yaml: service api is not on the coaching_network network; add it under networks [off-network]',
    );
    expect(console.error).toHaveBeenCalledWith(
      'compose.production.yaml: service api sets POSTGRES_PASSWORD to a literal value in a production file; use a secret or ${POSTGRES_PASSWORD:?...} [literal-password]',
    );
  });

  it('reports an unreadable file in one line', async () => {
    const root = workspace({ 'compose.yaml': 'services: [not, a, map' });

    expect(await composeCheckExecutor({}, executorContext(root))).toEqual({ success: false });
    expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/^compose-check failed: /));
  });
});
