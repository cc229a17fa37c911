import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecrets } from '@coaching/stack';
import { openRuntime } from './runtime';
import { executorContext } from './testing';

describe('openRuntime', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'open-runtime-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses the native runtime in production: the production stack is the Compose one', async () => {
    const secretsDir = join(root, 'secrets');
    await createSecrets(secretsDir);
    const production = { RUNTIME_ENV: 'production', PUBLIC_HOST: 'coaching.example.com', SECRETS_DIR: secretsDir };

    await expect(openRuntime('native', executorContext(root), production)).rejects.toThrow(
      'The production stack runs with Docker (RUNTIME_ENV=production): use --runtime=docker or auto.',
    );
  });
});
