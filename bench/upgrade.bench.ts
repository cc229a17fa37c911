/**
 * What people notice of an upgrade of the api: the docker stack (development, seeded) serves a logged-in coach's
 * dashboard under a steady load while `platform:up` builds an api with a one-line change and replaces its container.
 * Every page needs the api, so a request fails if the web cannot reach it; the web retries a refused connection for a
 * few seconds (apps/web/src/api_client.rs), which should cover the replacement. Prints a table and updates the
 * upgrade section of docs/benchmarks.md.
 *
 *   npx nx run bench:upgrade
 */
import { workspaceRoot } from '@nx/devkit';
import autocannon, { type Instance, type Result } from 'autocannon';
import { publicUrl } from '@coaching/platform-model';
import { runNx } from '@coaching/process';
import { freePorts, readSettings } from '@coaching/runtime';
import { withOneLineChange } from './lib/changes';
import { machine, markdownTable, measuredWith, publish, runScript } from './lib/report';
import { webLogin } from '@coaching/testing';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
/** Load before the upgrade starts and after it ends, so the whole replacement happens under load. */
const MARGIN_MS = 3_000;

/** Starts a load that runs until stopped; resolves with its result then. */
function startLoad(url: string, cookie: string): { instance: Instance; result: Promise<Result> } {
  let instance!: Instance;
  const result = new Promise<Result>((resolve, reject) => {
    instance = autocannon({ url, connections, duration: 3_600, headers: { cookie } }, (error, finished) =>
      error ? reject(error) : resolve(finished),
    );
  });
  return { instance, result };
}

async function main(): Promise<void> {
  console.log(`upgrade benchmark on ${machine()}, ${connections} connections`);
  const env = { COMPOSE_PROJECT_NAME: 'coaching_bench_upgrade', ...(await freePorts()) };
  const platform = (target: string, ...args: string[]) => runNx(workspaceRoot, ['run', `platform:${target}`, '--runtime=docker', ...args], { env });
  const webUrl = publicUrl(readSettings(workspaceRoot, { ...process.env, ...env }), 'web');
  await platform('down', '--volumes', '--yes');
  try {
    await platform('up');
    const cookie = await webLogin(webUrl);
    const load = startLoad(`${webUrl}/`, cookie);
    await new Promise((resolve) => setTimeout(resolve, MARGIN_MS));
    let upSeconds = 0;
    let summary = '';
    await withOneLineChange(async () => {
      const started = performance.now();
      const { stdout } = await platform('up');
      upSeconds = (performance.now() - started) / 1000;
      summary =
        stdout
          .split('\n')
          .find((line) => line.includes(' · migrations: '))
          ?.replace(/^.*?(db: )/, '$1') ?? '';
    });
    await new Promise((resolve) => setTimeout(resolve, MARGIN_MS));
    load.instance.stop();
    const result = await load.result;
    if (!summary.includes('api: restarted (new image)')) throw new Error(`the api was not replaced: ${summary || 'no summary printed'}`);
    const failed = result.errors + result.non2xx;
    await publish(
      'upgrade',
      'Upgrading the api under load',
      [
        `${measuredWith('upgrade')} on ${machine()}: the docker stack (development, seeded) with`,
        `${connections} connections loading a logged-in coach's dashboard (four api calls per page) from ${MARGIN_MS / 1000} s`,
        `before to ${MARGIN_MS / 1000} s after \`platform:up\` builds an api with a one-line change and replaces its`,
        `container. \`up\` said: "${summary}". The web retries a refused connection to the api for up to 5 s.`,
      ],
      markdownTable([
        {
          'upgrade (build + replace)': `${upSeconds.toFixed(1)} s`,
          requests: String(result.requests.total),
          'failed (errors + non-2xx)': String(failed),
          'p50 ms': result.latency.p50.toFixed(1),
          'p99 ms': result.latency.p99.toFixed(1),
          'max ms': result.latency.max.toFixed(0),
        },
      ]),
    );
  } finally {
    await platform('down', '--volumes', '--yes');
  }
}

runScript(main);
