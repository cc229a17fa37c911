/**
 * How long `up` takes until every service is ready, native against docker on the same machine, with the builds
 * already warm (`--no-build`): from an empty data folder or volume (the database is created, migrated and seeded),
 * and again after `down` (the data is there). Prints a table and updates the startup section of docs/benchmarks.md.
 *
 *   npx nx run bench:up
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { runNx } from '@coaching/process';
import { dockerAnswers, freePorts } from '@coaching/runtime';
import { machine, markdownTable, measuredWith, publish, runScript } from './lib/report';

async function seconds(action: () => Promise<unknown>): Promise<string> {
  const started = performance.now();
  await action();
  return ((performance.now() - started) / 1000).toFixed(1);
}

async function measure(runtime: 'native' | 'docker', env: Record<string, string>): Promise<Record<string, string>> {
  const platform = (target: string, ...args: string[]) =>
    runNx(workspaceRoot, ['run', `platform:${target}`, `--runtime=${runtime}`, ...args], { env });
  await platform('down', '--volumes', '--yes');
  try {
    const fresh = await seconds(() => platform('up', '--no-build'));
    await platform('down');
    const restart = await seconds(() => platform('up', '--no-build'));
    console.log(`${runtime}: ${fresh} s from empty, ${restart} s after down`);
    return { runtime, 'up from empty data (s)': fresh, 'up after down (s)': restart };
  } finally {
    await platform('down', '--volumes', '--yes');
  }
}

async function main(): Promise<void> {
  // Warm builds: what `up` would otherwise build first.
  await runNx(workspaceRoot, ['run-many', '-t', 'build', '-p', 'api,web']);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-native-'));
  chmodSync(dataDir, 0o755);
  const rows = [await measure('native', { ...(await freePorts()), PLATFORM_DATA_DIR: dataDir })];
  rmSync(dataDir, { recursive: true, force: true });
  if (await dockerAnswers(workspaceRoot)) {
    await runNx(workspaceRoot, ['run-many', '-t', 'docker-build', '-p', 'api,web,db']);
    rows.push(await measure('docker', { ...(await freePorts()), COMPOSE_PROJECT_NAME: 'coaching_bench_up' }));
  }
  await publish(
    'startup',
    'Starting the platform: native and docker',
    [
      `${measuredWith('up')} on ${machine()}: \`nx run platform:up --no-build\``,
      'until every service answers ready, builds already warm. "From empty data" creates the database, migrates and seeds it;',
      '"after down" starts again with the data in place. The docker figures include the healthchecks compose waits for.',
    ],
    markdownTable(rows),
  );
}

runScript(main);
