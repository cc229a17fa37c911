import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { workspaceRoot } from '@nx/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunError, runNx } from '@coaching/process';
import { freePorts } from '@coaching/runtime';

/**
 * `--runtime` on a db target reaches the tasks it depends on (apps/db/project.json: `dependsOn` with
 * `"params": "forward"`), through the real nx CLI. The environment asks for the other runtime (PLATFORM_RUNTIME),
 * so a task the option did not reach would run there instead.
 */
describe('--runtime through a db pipeline', () => {
  let folder: string;
  /** A platform of its own (data folder, free ports), where no Docker engine answers whatever the machine has. */
  let isolated: Record<string, string>;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'runtime-forwarding-'));
    // As root, PostgreSQL runs as another user, which must be able to enter its data folder.
    chmodSync(folder, 0o755);
    isolated = { ...(await freePorts()), PLATFORM_DATA_DIR: folder, DOCKER_HOST: 'unix:///nonexistent.sock' };
  });
  afterAll(async () => {
    await nx(['run', 'platform:down', '--runtime=native', '--volumes', '--yes'], isolated);
    rmSync(folder, { recursive: true, force: true });
  });

  /** `nx <args>` with `env` on top; what it printed on each stream, whether it failed or not. */
  async function nx(args: string[], env: Record<string, string>): Promise<{ ok: boolean; stdout: string; stderr: string }> {
    // Into a file, so that a failed run's stdout (where nx prints each task's output) is kept too.
    const stdoutFile = join(folder, 'nx-stdout.txt');
    const options = { env, outputFile: stdoutFile };
    const outcome = await runNx(workspaceRoot, [...args, '--output-style=stream'], options).then(
      ({ stderr }) => ({ ok: true, stderr }),
      (error: unknown) => {
        if (error instanceof RunError) return { ok: false, stderr: error.stderr };
        throw error;
      },
    );
    // nx colours its lines whenever it thinks a terminal or a CI service is watching: compare plain text.
    const stdout = readFileSync(stdoutFile, 'utf8');
    return { ok: outcome.ok, stderr: stripVTControlCharacters(outcome.stderr), stdout: stripVTControlCharacters(stdout) };
  }

  it('runs db:up in docker for db:migrate --runtime=docker', async () => {
    const migrate = await nx(['run', 'db:migrate', '--runtime=docker'], { ...isolated, PLATFORM_RUNTIME: 'native' });

    expect(migrate.ok).toBe(false);
    expect(migrate.stdout).toContain('> nx run db:up --runtime=docker');
    expect(migrate.stderr).toContain('up failed: No Docker engine answers');
    expect(migrate.stdout).not.toContain('> nx run db:migrate');
  });

  it('runs db:up natively for db:migrate --runtime=native', async () => {
    // --build=false: migrate then uses the api binary as built, if it is; its outcome is not what is tested here.
    const env = { ...isolated, PLATFORM_RUNTIME: 'docker' };
    const migrate = await nx(['run', 'db:migrate', '--runtime=native', '--build=false'], env);

    expect(migrate.stdout).toContain('> nx run db:up --runtime=native --build=false');
    expect(migrate.stdout).toContain('Runtime: native (asked for with --runtime=native)');
    expect(migrate.stdout).toMatch(/db\s+running\s+ready/);
    // db:up succeeded, so the task that depends on it ran.
    expect(migrate.stdout).toContain('> nx run db:migrate --runtime=native --build=false');
  });
});
