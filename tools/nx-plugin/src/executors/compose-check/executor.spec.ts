import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger, workspaceRoot } from '@nx/devkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseDocument, type Document } from 'yaml';
import { executorContext, muteLogger } from '../shared/testing';
import composeCheckExecutor from './executor';

/** A workspace folder holding the given files. */
function workspace(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'compose-check-')));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

/** One of the repository's own Compose files, changed by `edit`. */
function repositoryFile(name: string, edit: (document: Document) => void = () => {}): string {
  const document = parseDocument(readFileSync(join(workspaceRoot, name), 'utf8'), { merge: true });
  edit(document);
  return String(document);
}

describe('compose-check', () => {
  beforeEach(() => muteLogger());

  it("passes the repository's own files, reading them from the workspace root", async () => {
    const root = workspace({
      'compose.yaml': repositoryFile('compose.yaml'),
      'compose.production.yaml': repositoryFile('compose.production.yaml'),
    });

    const result = await composeCheckExecutor({ productionOverrides: ['compose.production.yaml'] }, executorContext(root));

    expect(result).toEqual({ success: true });
    expect(logger.info).toHaveBeenCalledWith('compose.yaml: ok');
    expect(logger.info).toHaveBeenCalledWith('compose.production.yaml: ok');
  });

  it('fails and names each problem, including a disagreement with the platform model', async () => {
    const root = workspace({
      'compose.yaml': repositoryFile('compose.yaml', (document) => {
        document.setIn(['services', 'api', 'networks'], ['elsewhere']);
        document.deleteIn(['services', 'web']);
      }),
      'compose.production.yaml': 'services:\n  api:\n    environment: { POSTGRES_PASSWORD: hunter2 }\n',
    });

    const result = await composeCheckExecutor({ productionOverrides: ['compose.production.yaml'] }, executorContext(root));

    expect(result).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(
      'compose.yaml: service api is not on the coaching_network network; add it under networks [off-network]',
    );
    expect(logger.error).toHaveBeenCalledWith(
      'compose.yaml: service web is a service of the platform (libs/platform-model/src/model.ts) but not in this file [missing-service]',
    );
    expect(logger.error).toHaveBeenCalledWith(
      'compose.production.yaml: service api sets POSTGRES_PASSWORD to a literal value in a production file; use a secret or ${POSTGRES_PASSWORD:?...} [literal-password]',
    );
    expect(logger.error).toHaveBeenCalledWith(
      'compose.production.yaml: service api sets SMTP_URL to call mail, which production does not run; set SMTP_URL in the production override [development-service-in-production]',
    );
  });

  it('reports an unreadable file in one line', async () => {
    const root = workspace({ 'compose.yaml': 'services: [not, a, map' });

    expect(await composeCheckExecutor({}, executorContext(root))).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(expect.stringMatching(/^compose-check failed: /));
  });
});
