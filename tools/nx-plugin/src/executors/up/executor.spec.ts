import { logger } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@coaching/platform-model';
import type { Runtime } from '@coaching/runtime';
import { fakeDatabase, fakeRuntime, READY } from '@coaching/runtime/testing';
import { executorContext, muteLogger, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import { openRuntime } from '../shared/runtime';
import upExecutor from './executor';

describe('up', () => {
  beforeEach(() => muteLogger());

  it('builds what every service runs, then starts them', async () => {
    const runtime = openWith();

    expect(await upExecutor({}, executorContext('/repo'))).toEqual({ success: true });

    expect(runtime.build).toHaveBeenCalledWith(['db', 'mail', 'api', 'web']);
    expect(runtime.up).toHaveBeenCalledWith({ services: ['db', 'mail', 'api', 'web'] });
  });

  it('starts a service with what it needs, and skips the build with --no-build', async () => {
    const runtime = openWith();

    await upExecutor({ services: ['api'], build: false }, executorContext());

    expect(runtime.build).not.toHaveBeenCalled();
    expect(runtime.up).toHaveBeenCalledWith({ services: ['db', 'mail', 'api'] });
  });

  it('opens the production stack with --production, as RUNTIME_ENV=production would', async () => {
    openWith();

    await upExecutor({ production: true, build: false }, executorContext());

    expect(vi.mocked(openRuntime).mock.lastCall?.[2]).toMatchObject({ RUNTIME_ENV: 'production' });
  });

  describe('on a running platform (an upgrade)', () => {
    const running = {
      db: { instance: 'c-db', build: 'i-db' },
      api: { instance: 'c-api-1', build: 'i-api-1' },
      web: { instance: 'c-web', build: 'i-web' },
    };
    const upgraded = { ...running, api: { instance: 'c-api-2', build: 'i-api-2' }, mail: { instance: 'c-mail', build: 'i-mail' } };
    const status = [
      'migration          state     applied at (UTC)     checksum',
      'm1_initial         applied  2026-11-01 10:00:00  ok',
      'm2_new_column      pending',
    ];
    const holdsData = {
      "SELECT count(*) FROM pg_database WHERE datname = 'refactor_platform'": '1',
      "SELECT count(*) FROM pg_tables WHERE schemaname = 'refactor_platform'": '12',
    };
    let backupDir: string;

    beforeEach(async () => {
      backupDir = await mkdtemp(join(tmpdir(), 'up-backups-'));
    });

    afterEach(async () => {
      await rm(backupDir, { recursive: true, force: true });
    });

    function upgrading(database = fakeDatabase(holdsData)) {
      vi.mocked(database.apiOutput).mockResolvedValue(status.join('\n'));
      const instances = vi.fn<Runtime['instances']>().mockResolvedValueOnce(running).mockResolvedValueOnce(upgraded);
      return openWith(
        { database: { name: 'refactor_platform' }, backupDir },
        fakeRuntime({ name: 'docker', buildKind: 'image', database, instances }),
      );
    }

    it('backs up, migrates, then replaces only what changed, and says what it did in one line', async () => {
      const runtime = upgrading();

      expect(await upExecutor({ build: false }, executorContext(backupDir))).toEqual({ success: true });

      expect(runtime.database.dump).toHaveBeenCalledWith(expect.stringMatching(/refactor_platform-\d{8}-\d{6}\.dump$/));
      expect(runtime.database.api).toHaveBeenCalledWith(['migrate', 'up']);
      // The schema before the services: the old api never runs against a half-migrated database.
      expect(vi.mocked(runtime.database.api).mock.invocationCallOrder[0]).toBeLessThan(vi.mocked(runtime.up).mock.invocationCallOrder[0]);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringMatching(
          /^db: unchanged · mail: started · api: restarted \(new image\) · web: unchanged · migrations: 1 applied · backup: refactor_platform-\d{8}-\d{6}\.dump$/,
        ),
      );
    });

    it('leaves every running service as it was when a migration fails, and says why', async () => {
      const database = fakeDatabase(holdsData);
      vi.mocked(database.api).mockRejectedValue(new Error('api migrate up exited with code 1'));
      const runtime = upgrading(database);

      expect(await upExecutor({ build: false }, executorContext(backupDir))).toEqual({ success: false });

      expect(runtime.up).not.toHaveBeenCalled();
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringMatching(
          /^The database migration failed \(api migrate up exited with code 1; .*None of its migrations were applied and the running services were left as they were\. The backup taken just before: .*\.dump\.$/,
        ),
      );
    });

    it('skips the backup with --no-backup in development, and refuses that in production', async () => {
      const runtime = upgrading();
      await upExecutor({ build: false, backup: false }, executorContext(backupDir));
      expect(runtime.database.dump).not.toHaveBeenCalled();
      expect(logger.info).toHaveBeenCalledWith(expect.stringMatching(/migrations: 1 applied · backup: skipped \(--no-backup\)$/));

      const production = openWith({ runtimeEnv: 'production' });
      expect(await upExecutor({ build: false, backup: false }, executorContext())).toEqual({ success: false });
      expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('--no-backup is refused with RUNTIME_ENV=production'));
      expect(production.up).not.toHaveBeenCalled();
    });

    it('changes nothing when nothing changed', async () => {
      const database = fakeDatabase(holdsData);
      vi.mocked(database.apiOutput).mockResolvedValue(status.slice(0, 2).join('\n'));
      openWith({}, fakeRuntime({ database, instances: vi.fn(async () => running) }));

      expect(await upExecutor({ build: false, services: ['web'] }, executorContext())).toEqual({ success: true });

      expect(database.api).not.toHaveBeenCalled();
      expect(database.dump).not.toHaveBeenCalled();
      // The fake runtime runs no mail catcher.
      expect(logger.info).toHaveBeenCalledWith('db: unchanged · mail: not running · api: unchanged · web: unchanged · migrations: none pending');
    });
  });

  it('fails with the reason when a service does not become ready', async () => {
    const webNotReady = READY.map((row) => (row.service === 'web' ? { ...row, health: 'not ready' as const } : row));
    openWith({}, fakeRuntime({ up: vi.fn(async () => webNotReady) }));

    expect(await upExecutor({ build: false }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('Not ready: web; `nx run platform:logs <service>` shows why.');
    // The api is ready, so people can still reach it.
    expect(logger.info).toHaveBeenCalledWith('Open http://localhost:4000');
  });

  it('names the page to open when every service is ready', async () => {
    openWith();

    await upExecutor({ build: false }, executorContext());

    expect(logger.info).toHaveBeenCalledWith('Open http://localhost:8080');
  });

  it('refuses a service the platform does not have, naming those it has, before opening a runtime', async () => {
    const runtime = openWith();

    expect(await upExecutor({ services: ['api', 'cache'] }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(`up failed: unknown service "cache"; the services are ${SERVICE_NAMES.join(', ')}`);
    expect(runtime.up).not.toHaveBeenCalled();
  });

  it('reports a failed start in one line', async () => {
    openWith({}, fakeRuntime({ up: vi.fn(async () => Promise.reject(new Error('port 4000 (api) is already in use'))) }));

    expect(await upExecutor({ build: false }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('up failed: port 4000 (api) is already in use');
  });
});
