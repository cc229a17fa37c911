import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_FILES } from '@coaching/platform-model';
import { executorContext, muteLogger } from '../shared/testing';
import secretsExecutor from './executor';

describe('secrets', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'secrets-'));
    muteLogger();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates every secret file in SECRETS_DIR with a strong random password, the folder owner-only', async () => {
    writeFileSync(join(root, '.env'), 'SECRETS_DIR=deploy/secrets\n');

    expect(await secretsExecutor({}, executorContext(root))).toEqual({ success: true });

    const dir = join(root, 'deploy', 'secrets');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const passwords = Object.values(SECRET_FILES).map((name) => readFileSync(join(dir, name), 'utf8'));
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(passwords).size).toBe(passwords.length);
    expect(logger.info).toHaveBeenCalledWith(`created ${join(dir, SECRET_FILES.app)}`);
  });

  it('never overwrites a file that exists, and says which it kept', async () => {
    const dir = join(root, '.secrets', 'production');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, SECRET_FILES.migrator), 'in use by the database');

    expect(await secretsExecutor({}, executorContext(root))).toEqual({ success: true });
    const first = readFileSync(join(dir, SECRET_FILES.app), 'utf8');
    expect(await secretsExecutor({}, executorContext(root))).toEqual({ success: true });

    expect(readFileSync(join(dir, SECRET_FILES.migrator), 'utf8')).toBe('in use by the database');
    expect(readFileSync(join(dir, SECRET_FILES.app), 'utf8')).toBe(first);
    expect(logger.info).toHaveBeenCalledWith(`kept ${join(dir, SECRET_FILES.migrator)} (exists; delete it first to replace it)`);
  });
});
