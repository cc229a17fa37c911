import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '@coaching/runtime';
import { queryAs } from '../database';
import { nx, platformTargets, settingsWith } from '@coaching/testing';

/**
 * The data moved from the native runtime into Docker with `platform:move-data`, through the targets people use: its
 * own data folder, Compose project and free ports, so a developer's platform is never touched.
 */
describe('moving the data from native to docker', () => {
  let env: Record<string, string>;
  let dataDir: string;
  const native = platformTargets('native', () => env);
  const docker = platformTargets('docker', () => env);
  const DEMO_ROWS = "SELECT (SELECT count(*) FROM users) || '/' || (SELECT count(*) FROM coaching_sessions)";

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'move-data-'));
    // As root, PostgreSQL runs as another user, which must be able to enter this folder.
    chmodSync(dataDir, 0o755);
    env = {
      ...(await freePorts()),
      PLATFORM_DATA_DIR: dataDir,
      BACKUP_DIR: join(dataDir, 'backups'),
      COMPOSE_PROJECT_NAME: `coaching_move_${process.pid}`,
      PLATFORM_RUNTIME: 'auto',
    };
  });

  afterAll(async () => {
    await native('down', '--volumes', '--yes');
    await docker('down', '--volumes', '--yes');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restores the demo data into docker, checks it, and auto keeps to docker from then on', async () => {
    const up = await native('up', '--no-build', '--services=api');
    expect(up.ok, up.output).toBe(true);
    const rows = await queryAs(settingsWith(env), 'migrator', DEMO_ROWS);
    expect(rows).toMatch(/^[1-9]\d*\/[1-9]\d*$/);

    const move = await nx(['run', 'platform:move-data', '--to=docker', '--no-build'], env);
    expect(move.ok, move.output).toBe(true);
    expect(move.output).toMatch(/Every table matches: \d+ tables, \d+ rows/);
    expect(readFileSync(join(dataDir, 'runtime'), 'utf8')).toBe('docker\n');

    // Native is stopped (same port); the docker database answers there with the same rows.
    expect(await queryAs(settingsWith(env), 'migrator', DEMO_ROWS)).toBe(rows);
    const status = await nx(['run', 'platform:status'], env);
    expect(status.output).toContain(
      `Runtime: docker (it holds the platform's data: volume ${env['COMPOSE_PROJECT_NAME']}_postgres_data; --runtime=native starts a separate platform; ` +
        `the native runtime holds other data (${dataDir}/postgres), left as it is)`,
    );
  });
});
