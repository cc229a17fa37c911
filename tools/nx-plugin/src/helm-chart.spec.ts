import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_DATABASE,
  HELM_CHART,
  HELM_RELEASE,
  HELM_REQUIRED_SETTINGS,
  helm,
  KUBERNETES_VERSIONS,
  kubernetesValidate,
  named,
  readCompose,
  renderChart,
  run,
  RunError,
  SECRET_FILES,
  SERVICES,
  type AppName,
  type Container,
  type K8sObject,
  type Labels,
} from '@coaching/stack';

const workspaceRoot = join(__dirname, '..', '..', '..');
const chart = join(workspaceRoot, HELM_CHART.dir);
const productionValues = join(workspaceRoot, HELM_CHART.productionValues);
const RELEASE = HELM_RELEASE;
/** The prefix of every object of the release (the chart's fullname). */
const PREFIX = `${RELEASE}-coaching-platform`;
/** The longest a request may take (REQUEST_TIMEOUT_SECONDS' default, libs/service-kit/src/server.rs): what a stopping pod may need to drain. */
const REQUEST_TIMEOUT_SECONDS = 30;
/** A first Helm install takes minutes (go install); kubernetes-validate's, a few seconds. */
const INSTALL_TIMEOUT = 15 * 60_000;

const scratch = mkdtempSync(join(tmpdir(), 'helm-chart-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let helmProgram: string;

/** `helm <args>` from the workspace root; a failure's message is Helm's own. */
async function runHelm(args: string[]): Promise<string> {
  return (await run(helmProgram, args, { cwd: workspaceRoot })).stdout;
}

/** The chart rendered with `settings`, for the oldest supported Kubernetes, written to a file for kubernetes-validate. */
async function render(name: string, settings: string[]): Promise<{ file: string; objects: K8sObject[] }> {
  const { text, objects } = await renderChart(workspaceRoot, settings);
  const file = join(scratch, `${name}.yaml`);
  writeFileSync(file, text);
  return { file, objects };
}

/** Why `helm template` refused `settings` (Helm's message), or fails the test when it rendered. */
async function refusal(settings: string[]): Promise<string> {
  try {
    await runHelm(['template', RELEASE, chart, '--kube-version', KUBERNETES_VERSIONS[0], ...settings]);
  } catch (error) {
    if (error instanceof RunError) return error.stderr;
    throw error;
  }
  throw new Error(`helm template accepted ${settings.join(' ')}`);
}

function matches(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([name, value]) => labels[name] === value);
}

/** The workloads' pod templates: Deployments, the migrations Job, the StatefulSet. */
function workloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((object) => object.spec?.template);
}

/** The names of the workloads whose pods `selector` picks. */
function selected(objects: K8sObject[], selector: Labels): string[] {
  return workloads(objects)
    .filter((workload) => matches(selector, workload.spec!.template!.metadata.labels))
    .map((workload) => `${workload.kind}/${workload.metadata.name}`);
}

function envOf(container: Container): Map<string, string | undefined> {
  return new Map((container.env ?? []).map((variable) => [variable.name, variable.value]));
}

const APPS = SERVICES.filter((service) => service.app);

describe('the Helm chart in deploy/helm', () => {
  let defaults: Awaited<ReturnType<typeof render>>;
  let production: Awaited<ReturnType<typeof render>>;
  let evaluation: Awaited<ReturnType<typeof render>>;

  beforeAll(async () => {
    helmProgram = await helm();
    defaults = await render('defaults', HELM_REQUIRED_SETTINGS);
    production = await render('production', ['--values', productionValues]);
    evaluation = await render('evaluation', ['--set', 'postgresql.enabled=true', '--set', 'publicWebOrigin=http://coaching.localhost']);
  }, INSTALL_TIMEOUT);

  it('passes helm lint --strict with its defaults and with the example production values', async () => {
    for (const settings of [HELM_REQUIRED_SETTINGS, ['--values', productionValues]]) {
      await runHelm(['lint', '--strict', chart, '--kube-version', KUBERNETES_VERSIONS[0], ...settings]);
    }
  });

  it.each(KUBERNETES_VERSIONS)(
    'renders objects that Kubernetes %s accepts (strict: no unknown fields)',
    async (version) => {
      const validate = await kubernetesValidate();
      const files = [defaults.file, production.file, evaluation.file];
      const { stdout } = await run(validate, ['--strict', '--kubernetes-version', version, ...files], { cwd: scratch });
      expect(stdout).toContain(`passed for resource deployment/${PREFIX}-api`);
    },
    INSTALL_TIMEOUT,
  );

  it('runs each app as the platform model says: name, port and its variable, probe paths', () => {
    expect(APPS.map((app) => app.name)).toEqual(['api', 'web'] satisfies AppName[]);
    for (const { objects } of [defaults, production]) {
      for (const app of APPS) {
        const deployment = named(objects, 'Deployment', `${PREFIX}-${app.name}`);
        const [container] = deployment.spec!.template!.spec.containers;
        expect(container.name).toBe(app.name);
        expect(container.ports).toContainEqual({ name: 'http', containerPort: app.port.default, protocol: 'TCP' });
        expect(envOf(container).get(app.port.variable)).toBe(String(app.port.default));
        expect(container.startupProbe?.httpGet).toEqual({ path: app.probes.live, port: 'http' });
        expect(container.livenessProbe?.httpGet).toEqual({ path: app.probes.live, port: 'http' });
        expect(container.readinessProbe?.httpGet).toEqual({ path: app.probes.ready, port: 'http' });
        const service = named(objects, 'Service', `${PREFIX}-${app.name}`) as K8sObject & { spec: { ports: { name: string; port: number }[] } };
        expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: 'http', port: app.port.default }));
      }
    }
  });

  it('gives every app and the migrator the variables compose.yaml gives them, and logs each role in as the model says', async () => {
    const [base, override] = await Promise.all(
      ['compose.yaml', 'compose.production.yaml'].map((file) => readCompose(join(workspaceRoot, file))),
    );
    const composeEnv = (service: string) =>
      [base, override].flatMap((compose) => Object.keys(compose.services[service]?.environment ?? {}));
    const { objects } = production;
    const containers = {
      api: named(objects, 'Deployment', `${PREFIX}-api`).spec!.template!.spec.containers[0],
      web: named(objects, 'Deployment', `${PREFIX}-web`).spec!.template!.spec.containers[0],
      migrate: named(objects, 'Job', `${PREFIX}-migrate`).spec!.template!.spec.containers[0],
    };
    for (const [service, container] of Object.entries(containers)) {
      const env = envOf(container);
      expect([...env.keys()], service).toEqual(expect.arrayContaining(composeEnv(service)));
      expect(env.get('RUNTIME_ENV'), service).toBe('production');
    }
    const logins = { api: ['app', DEFAULT_DATABASE.app], migrate: ['migrator', DEFAULT_DATABASE.migrator] } as const;
    for (const [service, [role, user]] of Object.entries(logins)) {
      const env = envOf(containers[service as keyof typeof logins]);
      expect(env.get('DATABASE_URL')).toMatch(new RegExp(`^postgres://${user}@[^/]+/${DEFAULT_DATABASE.name}\\?`));
      expect(env.get('DATABASE_PASSWORD_FILE')).toBe(`/run/secrets/${SECRET_FILES[role]}`);
    }
    expect(containers.migrate.args).toEqual(['migrate', 'up']);
    const api = APPS.find((app) => app.name === 'api')!;
    expect(envOf(containers.web).get('API_URL')).toBe(`http://${PREFIX}-api:${api.port.default}`);
  });

  it('runs every pod unprivileged: non-root, read-only, no capabilities, the runtime seccomp profile, no API token', () => {
    for (const { objects } of [defaults, evaluation]) {
      for (const workload of workloads(objects)) {
        const pod = workload.spec!.template!.spec;
        const what = `${workload.kind}/${workload.metadata.name}`;
        expect(pod.automountServiceAccountToken, what).toBe(false);
        expect(pod.securityContext, what).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        for (const container of pod.containers) {
          expect(container.securityContext, what).toEqual({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
        }
      }
    }
    // The images' own user (docker/rust.Dockerfile).
    for (const app of APPS) {
      expect(named(defaults.objects, 'Deployment', `${PREFIX}-${app.name}`).spec!.template!.spec.securityContext?.runAsUser).toBe(65532);
    }
  });

  it('stops an app gracefully: out of the routers first, then time to finish every request in flight', () => {
    for (const app of APPS) {
      const pod = named(defaults.objects, 'Deployment', `${PREFIX}-${app.name}`).spec!.template!.spec;
      const drain = pod.containers[0].lifecycle?.preStop?.sleep?.seconds ?? 0;
      expect(drain).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(drain + REQUEST_TIMEOUT_SECONDS);
    }
  });

  it('migrates before the apps of a release start, after the Secret it reads, and keeps a failed Job for inspection', () => {
    const hooks = (objects: K8sObject[]) => ({
      secret: named(objects, 'Secret', `${PREFIX}-database`).metadata.annotations ?? {},
      job: named(objects, 'Job', `${PREFIX}-migrate`).metadata.annotations ?? {},
    });
    const external = hooks(defaults.objects);
    expect(external.job['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(external.secret['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(external.secret['helm.sh/hook-weight'])).toBeLessThan(Number(external.job['helm.sh/hook-weight']));
    expect(external.job['helm.sh/hook-delete-policy']?.split(',')).not.toContain('hook-failed');
    // The chart's own PostgreSQL is an ordinary object, created after pre-install hooks: migrate once it exists.
    expect(hooks(evaluation.objects).job['helm.sh/hook']).toBe('post-install,pre-upgrade');
    // An existing Secret replaces the generated one.
    expect(production.objects.some((object) => object.kind === 'Secret')).toBe(false);
  });

  it('leaves the number of copies to the autoscaler when it is on, and keeps one copy of each app up during node maintenance', () => {
    for (const app of APPS) {
      const name = `${PREFIX}-${app.name}`;
      const deployment = named(production.objects, 'Deployment', name) as K8sObject & { spec: { replicas?: number } };
      const autoscaler = named(production.objects, 'HorizontalPodAutoscaler', name) as K8sObject & { spec: { scaleTargetRef: unknown } };
      expect(deployment.spec.replicas).toBeUndefined();
      expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      const budget = named(defaults.objects, 'PodDisruptionBudget', name) as K8sObject & { spec: { selector: { matchLabels: Labels } } };
      expect(selected(defaults.objects, budget.spec.selector.matchLabels)).toEqual([`Deployment/${name}`]);
    }
  });

  it('lets only the ingress controller reach the web, only the web reach the api, only the api and the migrator reach the database', () => {
    const { objects } = evaluation;
    const policy = (component: string) => named(objects, 'NetworkPolicy', `${PREFIX}-${component}`).spec!;
    const fromPods = (component: string) =>
      (policy(component).ingress ?? []).flatMap((rule) => rule.from ?? []).flatMap((peer) => (peer.podSelector?.matchLabels ? selected(objects, peer.podSelector.matchLabels) : []));
    const toPods = (component: string) =>
      (policy(component).egress ?? []).flatMap((rule) => rule.to ?? []).flatMap((peer) => (peer.podSelector?.matchLabels ? selected(objects, peer.podSelector.matchLabels) : []));

    // Each policy governs exactly the pods of its own component.
    for (const [component, workload] of [['api', 'Deployment'], ['web', 'Deployment'], ['migrate', 'Job'], ['db', 'StatefulSet']]) {
      expect(selected(objects, policy(component).podSelector!.matchLabels), component).toEqual([`${workload}/${PREFIX}-${component}`]);
    }
    expect(fromPods('api')).toEqual([`Deployment/${PREFIX}-web`]);
    expect(fromPods('db').sort()).toEqual([`Deployment/${PREFIX}-api`, `Job/${PREFIX}-migrate`]);
    expect(fromPods('migrate')).toEqual([]);
    expect(policy('web').ingress?.flatMap((rule) => rule.from ?? [])).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: {} },
    ]);
    expect(toPods('web')).toEqual([`Deployment/${PREFIX}-api`]);
    expect(toPods('api')).toEqual([`StatefulSet/${PREFIX}-db`]);
    expect(toPods('migrate')).toEqual([`StatefulSet/${PREFIX}-db`]);
    expect(policy('db').egress).toEqual([]);
  });

  it('refuses wrong values at install time, saying which', async () => {
    expect(await refusal([...HELM_REQUIRED_SETTINGS, '--set', 'api.replica=3'])).toContain("additional properties 'replica' not allowed");
    expect(await refusal([...HELM_REQUIRED_SETTINGS, '--set', 'api.env.DATABASE_URL=postgres://elsewhere'])).toContain("invalid propertyName 'DATABASE_URL'");
    const missing = await refusal([]);
    expect(missing).toContain('/publicWebOrigin');
    expect(missing).toContain('/database/host');
  });
});
