/**
 * The platform scaled out as the Helm chart deploys it, simulated with Docker (kubernetes-sim.ts): the chart's own
 * single-instance PostgreSQL, the migrations Job run twice at once, 3 api and 2 web replicas behind their Services,
 * and the web's Service as the front door (what the Ingress routes to). Shared by apps/e2e/src/docker/scale-out.spec.ts,
 * which checks it, and bench/scale-out.bench.ts, which reports its figures.
 */
import autocannon, { type Instance, type Result } from 'autocannon';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { HELM_RELEASE, renderChart, type K8sObject } from '@coaching/deployment';
import { imageName, PLATFORM_SCHEMA } from '@coaching/platform-model';
import { consoleReporter, run } from '@coaching/process';
import { KubernetesSimulation, mainContainer, type Pod } from './kubernetes-sim';

/** The prefix of every object of the release (the chart's fullname). */
const PREFIX = `${HELM_RELEASE}-coaching-platform`;
export const API = `${PREFIX}-api`;
export const WEB = `${PREFIX}-web`;
const DB = `${PREFIX}-db`;
const MIGRATE = `${PREFIX}-migrate`;

export const API_REPLICAS = 3;
export const WEB_REPLICAS = 2;

/** Where the chart finds the images: those `nx run-many -t docker-build -p api,web,db` builds here (`coaching-api:local`...). */
const IMAGES = { registry: 'docker.io/library', tag: 'local' };

/**
 * The ids of the db image's postgres user and group. The chart's defaults are the official image's (999); a machine
 * whose base image is a stand-in (Debian's PostgreSQL, as here) has others: an install sets them in its values.
 */
async function postgresIds(): Promise<{ user: string; group: string }> {
  const id = async (flag: string) =>
    (
      await run('docker', ['run', '--rm', '--entrypoint', 'id', `${IMAGES.registry}/${imageName('db')}:${IMAGES.tag}`, flag, 'postgres'], {
        cwd: tmpdir(),
      })
    ).stdout.trim();
  return { user: await id('-u'), group: await id('-g') };
}

/** The chart as an evaluation install renders it, with the images built here and our replica counts. */
async function settings(): Promise<string[]> {
  const postgres = await postgresIds();
  return (
    [
      ['postgresql.enabled', 'true'],
      ['postgresql.runAsUser', postgres.user],
      ['postgresql.runAsGroup', postgres.group],
      ['publicWebOrigin', 'http://coaching.localhost'],
      ['image.registry', IMAGES.registry],
      ['image.tag', IMAGES.tag],
      ['api.replicas', String(API_REPLICAS)],
      ['web.replicas', String(WEB_REPLICAS)],
    ]
      .flatMap(([name, value]) => ['--set', `${name}=${value}`])
      // The demo data (seeded below) in a production api: an evaluation install says it knows. A string, as every env is.
      .concat(['--set-string', 'api.env.ALLOW_DEMO_ACCOUNTS=true'])
  );
}

/** Load through the front door: few connections, so that a killed replica's share of requests in flight stays small. */
export const LOAD_CONNECTIONS = 4;

export interface ScaleOut {
  simulation: KubernetesSimulation;
  db: Pod;
  apis: Pod[];
  webs: Pod[];
  /** The front door: the web Service's balancer. */
  frontUrl: string;
  /** What the two migrators printed. */
  migrationLogs: string[];
}

function replicas(workload: K8sObject): number {
  const count = workload.spec?.replicas;
  if (count === undefined) throw new Error(`${workload.metadata.name} has no replica count`);
  return count;
}

/**
 * Renders the chart and brings the platform up the way Kubernetes would. On failure the caller still removes
 * `simulation` (given to `onCreated` as soon as it exists).
 */
export async function startScaleOut(workspaceRoot: string, onCreated: (simulation: KubernetesSimulation) => void): Promise<ScaleOut> {
  const { objects } = await renderChart(workspaceRoot, await settings(), consoleReporter);
  const simulation = await KubernetesSimulation.create(objects, `scale-out-${process.pid}`);
  onCreated(simulation);

  const [db] = await simulation.startReplicas(simulation.workload('StatefulSet', DB), 1);
  // Helm runs the Job once; two at once is what two overlapping upgrades would do: the advisory lock serialises them.
  const job = simulation.workload('Job', MIGRATE);
  const migrationLogs = await Promise.all([simulation.runToCompletion(job), simulation.runToCompletion(job)]);
  // The demo coach, with relationships and sessions, so that the dashboard makes real api calls. Production refuses
  // the demo accounts (their password is well known): this one-off pod runs as development, and the api pods are
  // told that the demo accounts are expected (ALLOW_DEMO_ACCOUNTS in settings()).
  await simulation.runToCompletion(job, { args: ['seed'], env: { RUNTIME_ENV: 'development' } });

  const apiUrl = await simulation.startService(API);
  const frontUrl = await simulation.startService(WEB);
  const [apis, webs] = await Promise.all(
    [API, WEB].map((name) => {
      const deployment = simulation.workload('Deployment', name);
      return simulation.startReplicas(deployment, replicas(deployment));
    }),
  );
  await simulation.waitRouting(API, apiUrl);
  await simulation.waitRouting(WEB, frontUrl);
  return { simulation, db, apis, webs, frontUrl, migrationLogs };
}

/** The migrations recorded as applied in the platform's schema (`seaql_migrations`). */
export async function recordedMigrations({ simulation, db }: ScaleOut): Promise<string[]> {
  const env = new Map(mainContainer(db.workload).env?.map((variable) => [variable.name, variable.value]));
  const output = await simulation.exec(db, [
    'psql',
    '--username',
    env.get('POSTGRES_USER')!,
    '--dbname',
    env.get('POSTGRES_DB')!,
    '--tuples-only',
    '--no-align',
    '--command',
    `SELECT version FROM ${PLATFORM_SCHEMA}.seaql_migrations ORDER BY version`,
  ]);
  return output.split('\n').filter(Boolean);
}

/** The migrations a migrator's output says it applied (`applied <name> (<n> ms)`, apps/db/migration/src/runner.rs). */
export function appliedIn(output: string): string[] {
  return [...output.matchAll(/^applied (\S+) \(/gm)].map((match) => match[1]);
}

/**
 * A bounded load on the logged-in dashboard through the front door (every page is several api calls) while
 * `during` runs, and a second more so that the load outlasts what `during` disturbed.
 */
export async function underLoad(scaleOut: ScaleOut, cookie: string, during: () => Promise<void>): Promise<Result> {
  let instance!: Instance;
  const result = new Promise<Result>((resolve, reject) => {
    instance = autocannon({ url: `${scaleOut.frontUrl}/`, headers: { cookie }, connections: LOAD_CONNECTIONS, duration: 600 }, (error, outcome) =>
      error ? reject(error) : resolve(outcome),
    );
  });
  try {
    await sleep(1000);
    await during();
    await sleep(1000);
  } finally {
    instance.stop();
  }
  return result;
}

/** Kills one api replica (as when its node dies); its Deployment then starts a replacement. */
export async function killOneApi(scaleOut: ScaleOut): Promise<void> {
  const { simulation, apis } = scaleOut;
  const victim = apis.shift()!;
  await simulation.kill(victim);
  apis.push(...(await simulation.startReplicas(victim.workload, 1)));
}

/** Replaces every api replica one by one as a Deployment's rolling update does (maxSurge 1, maxUnavailable 0). */
export async function rollApis(scaleOut: ScaleOut): Promise<void> {
  const { simulation, apis } = scaleOut;
  for (const old of [...apis]) {
    apis.push(...(await simulation.startReplicas(old.workload, 1)));
    apis.splice(apis.indexOf(old), 1);
    await simulation.terminate(old);
  }
}
