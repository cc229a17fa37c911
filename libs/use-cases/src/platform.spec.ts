import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentReporter } from '@coaching/process';
import { createSecrets, NativeRuntime } from '@coaching/runtime';
import { openPlatform, startDatabase, type RuntimeChoice } from './platform';

const workspaceRoot = join(__dirname, '..', '..', '..');

describe('openPlatform', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'open-platform-'));
  });
  const open = (runtime: RuntimeChoice | undefined, environment: NodeJS.ProcessEnv) =>
    openPlatform({ runtime, workspaceRoot: root, reporter: silentReporter, environment });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses the native runtime in production: the production stack is the Compose one', async () => {
    const secretsDir = join(root, 'secrets');
    await createSecrets(secretsDir);
    const production = { RUNTIME_ENV: 'production', PUBLIC_HOST: 'coaching.example.com', SECRETS_DIR: secretsDir };

    await expect(open('native', production)).rejects.toThrow(
      'The production stack runs with Docker (RUNTIME_ENV=production): use --runtime=docker or auto.',
    );
  });

  describe('auto, in development', () => {
    // A stack of its own: no developer's volume or data folder is looked at.
    const development = () => ({ COMPOSE_PROJECT_NAME: `open_runtime_${process.pid}`, PLATFORM_RUNTIME: '' });
    beforeEach(() => copyFileSync(join(workspaceRoot, 'compose.yaml'), join(root, 'compose.yaml')));
    afterEach(() => vi.restoreAllMocks());

    it('keeps to the native runtime while it holds the data, whether Docker answers or not, and records it', async () => {
      mkdirSync(join(root, '.data', 'postgres'), { recursive: true });
      writeFileSync(join(root, '.data', 'postgres', 'PG_VERSION'), '17\n');

      const opened = await open(undefined, development());
      expect(opened.runtime.name).toBe('native');
      expect(opened.automatic).toBe(true);
      expect(opened.reason).toBe("it holds the platform's data: .data/postgres; --runtime=docker starts a separate platform");
      expect(readFileSync(join(root, '.data', 'runtime'), 'utf8')).toBe('native\n');
    });

    it('records the runtime PLATFORM_RUNTIME names once its database first starts', async () => {
      vi.spyOn(NativeRuntime.prototype, 'startDatabase').mockResolvedValue();
      const opened = await open(undefined, { ...development(), PLATFORM_RUNTIME: 'native' });
      expect(opened.reason).toBe('asked for with PLATFORM_RUNTIME=native');
      expect(opened.recordsFirstStart).toBe(true);

      await startDatabase(opened);
      expect(readFileSync(join(root, '.data', 'runtime'), 'utf8')).toBe('native\n');
    });

    it('lets an explicit --runtime win, saying that the data is elsewhere', async () => {
      mkdirSync(join(root, '.data'));
      writeFileSync(join(root, '.data', 'runtime'), 'docker\n');

      const opened = await open('native', development());
      expect(opened.runtime.name).toBe('native');
      expect(opened.automatic).toBe(false);
      expect(opened.reason).toBe("asked for with --runtime=native; the platform's data is in docker, this is a separate platform");
      // A one-off: starting it records nothing.
      expect(opened.recordsFirstStart).toBe(false);
      // Nor does it look at what the other runtime runs: only `auto` does.
      expect(await opened.alsoRunning()).toBeUndefined();
    });
  });
});
