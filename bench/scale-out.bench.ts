/**
 * The platform scaled out as the Helm chart deploys it, simulated with Docker on this machine
 * (libs/testing/src/scale-out.ts: the chart's rendered objects as containers, 3 api and 2 web replicas behind Caddy load
 * balancers standing in for the Services): a logged-in coach's dashboard under load through the front balancer while
 * nothing happens, while one api replica is killed (and its Deployment starts another), and while every api replica
 * is replaced one by one (a rolling update). Prints a table and updates the scale-out section of docs/benchmarks.md.
 *
 *   npx nx run bench:scale-out                  (uses the images coaching-db:local, coaching-api:local and coaching-web:local)
 *   BENCH_SECONDS=30 npx nx run bench:scale-out
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { workspaceRoot } from '@nx/devkit';
import {
  API_REPLICAS,
  killOneApi,
  type KubernetesSimulation,
  LOAD_CONNECTIONS,
  rollApis,
  startScaleOut,
  underLoad,
  WEB_REPLICAS,
  webLogin,
} from '@coaching/testing';
import { machine, markdownTable, measuredWith, publish, runScript } from './lib/report';

/** How long the steady load lasts. */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

async function main(): Promise<void> {
  console.log(`scale-out benchmark: ${API_REPLICAS} api and ${WEB_REPLICAS} web replicas, ${LOAD_CONNECTIONS} connections, ${machine()}`);
  let simulation: KubernetesSimulation | undefined;
  try {
    const scaleOut = await startScaleOut(workspaceRoot, (created) => (simulation = created));
    const cookie = await webLogin(scaleOut.frontUrl);
    const scenarios: [string, () => Promise<void>][] = [
      [`steady (${seconds} s)`, () => sleep(seconds * 1000)],
      ['one api replica killed (docker kill), a new one started', () => killOneApi(scaleOut)],
      [`every api replica replaced one by one (rolling)`, () => rollApis(scaleOut)],
    ];
    const rows: Record<string, string>[] = [];
    for (const [scenario, during] of scenarios) {
      const result = await underLoad(scaleOut, cookie, during);
      rows.push({
        scenario,
        requests: String(result.requests.total),
        'failed (errors + non-2xx)': String(result.errors + result.non2xx),
        'req/s (mean)': result.requests.average.toFixed(0),
        'p99 ms': result.latency.p99.toFixed(1),
        'max ms': result.latency.max.toFixed(1),
      });
    }
    await publish(
      'scale-out',
      'Scale-out on one machine (the Helm chart simulated with Docker)',
      [
        `${measuredWith('scale-out')} on ${machine()}: the chart's rendered objects run as containers`,
        `(${API_REPLICAS} api and ${WEB_REPLICAS} web replicas, the chart's single-instance PostgreSQL, Caddy load balancers for the`,
        `Services), ${LOAD_CONNECTIONS} connections loading the logged-in dashboard (4 api calls per page) through the front balancer`,
        'for one second before and after each event. A killed replica may fail the requests in flight on it (at most',
        'one per connection). A rolling replacement starts a new replica, routes to it once its readiness probe passes,',
        'then stops an old one as Kubernetes does (its preStop pause, then SIGTERM: it refuses new connections, which the',
        'balancer retries elsewhere, and finishes those in flight); it should fail none.',
      ],
      markdownTable(rows),
    );
  } finally {
    await simulation?.remove();
  }
}

runScript(main);
