import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CHART_BINDINGS,
  HELM_CHART,
  HELM_RELEASE,
  HELM_REQUIRED_SETTINGS,
  KUBERNETES_VERSIONS,
  named,
  renderChart,
  type Container,
  type K8sObject,
  type Labels,
} from '@coaching/deployment';
import { APP_NAMES, DEFAULT_DATABASE, imageName, SECRET_FILES, SERVICES, type AppName } from '@coaching/platform-model';
import { run, RunError, silentReporter } from '@coaching/process';
import { helm, kubernetesValidate } from '@coaching/tool-cache';

const workspaceRoot = join(__dirname, '..', '..');
const chart = join(workspaceRoot, HELM_CHART.dir);
const productionValues = join(workspaceRoot, HELM_CHART.productionValues);
/** The example production values, as the tests compare what the chart renders from them. */
const productionSettings = parse(readFileSync(productionValues, 'utf8'));
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
  const { text, objects } = await renderChart(workspaceRoot, settings, silentReporter);
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

/** The containers of the two apps and of the migrations Job. */
function containersOf(objects: K8sObject[]): Record<'api' | 'web' | 'migrate', Container> {
  return {
    api: named(objects, 'Deployment', `${PREFIX}-api`).spec!.template!.spec.containers[0],
    web: named(objects, 'Deployment', `${PREFIX}-web`).spec!.template!.spec.containers[0],
    migrate: named(objects, 'Job', `${PREFIX}-migrate`).spec!.template!.spec.containers[0],
  };
}

const APPS = SERVICES.filter((service) => service.app);

describe('the Helm chart in deploy/helm', () => {
  let defaults: Awaited<ReturnType<typeof render>>;
  let production: Awaited<ReturnType<typeof render>>;
  let evaluation: Awaited<ReturnType<typeof render>>;

  beforeAll(async () => {
    helmProgram = await helm(silentReporter);
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
      const validate = await kubernetesValidate(silentReporter);
      const files = [defaults.file, production.file, evaluation.file];
      const { stdout } = await run(validate, ['--strict', '--kubernetes-version', version, ...files], { cwd: scratch });
      expect(stdout).toContain(`passed for resource deployment/${PREFIX}-api`);
    },
    INSTALL_TIMEOUT,
  );

  it("runs the platform model's images (coaching-api...) from the registry and tag the values name", () => {
    const { registry, tag } = productionSettings.image as { registry: string; tag: string };
    expect(containersOf(production.objects).api.image).toBe(`${registry}/${imageName('api')}:${tag}`);
    expect(containersOf(production.objects).web.image).toBe(`${registry}/${imageName('web')}:${tag}`);
    expect(containersOf(production.objects).migrate.image).toBe(`${registry}/${imageName('api')}:${tag}`);
    const db = named(evaluation.objects, 'StatefulSet', `${PREFIX}-db`).spec!.template!.spec.containers[0];
    expect(db.image).toMatch(new RegExp(`/${imageName('db')}:[^:/]+$`));
  });

  it('runs each app as the platform model says: name, port and its variable, probe paths', () => {
    expect(APPS.map((app) => app.name)).toEqual(['api', 'web'] satisfies AppName[]);
    for (const { objects } of [defaults, production]) {
      for (const app of APPS) {
        const deployment = named(objects, 'Deployment', `${PREFIX}-${app.name}`);
        const [container] = deployment.spec!.template!.spec.containers;
        expect(container.name).toBe(app.name);
        expect(container.ports).toContainEqual({ name: 'http', containerPort: app.port.default, protocol: 'TCP' });
        expect(envOf(container).get(app.port.variable)).toBe(String(app.port.default));
        // Probes go to the metrics port, which keeps connections of its own for them: a saturated main port
        // cannot make a working pod look dead.
        const metrics = container.ports?.find((port) => port.name === 'metrics');
        expect(envOf(container).get('METRICS_PORT')).toBe(String(metrics?.containerPort));
        expect(container.startupProbe?.httpGet).toEqual({ path: app.probes.live, port: 'metrics' });
        expect(container.livenessProbe?.httpGet).toEqual({ path: app.probes.live, port: 'metrics' });
        expect(container.readinessProbe?.httpGet).toEqual({ path: app.probes.ready, port: 'metrics' });
        const service = named(objects, 'Service', `${PREFIX}-${app.name}`) as K8sObject & { spec: { ports: { name: string; port: number }[] } };
        expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: 'http', port: app.port.default }));
      }
    }
  });

  it('sets only the settings it names as its own, passes <app>.env on, and logs each role in as the model says', () => {
    // Each setting is set once: by the chart (CHART_BINDINGS, which the values schema then refuses in <app>.env) or
    // by the values' <app>.env.
    const containers = containersOf(production.objects);
    for (const app of APP_NAMES) {
      const own = [...CHART_BINDINGS[app], ...Object.keys(productionSettings[app]?.env ?? {})];
      const env = envOf(containers[app]);
      expect(own, app).toEqual(expect.arrayContaining([...env.keys()]));
      expect(env.get('RUNTIME_ENV'), app).toBe('production');
    }
    expect(envOf(containers.api).get('DB_MAX_CONNECTIONS')).toBe(productionSettings.api.env.DB_MAX_CONNECTIONS);
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
      (policy(component).ingress ?? [])
        .flatMap((rule) => rule.from ?? [])
        .flatMap((peer) => (peer.podSelector?.matchLabels ? selected(objects, peer.podSelector.matchLabels) : []));
    const toPods = (component: string) =>
      (policy(component).egress ?? [])
        .flatMap((rule) => rule.to ?? [])
        .flatMap((peer) => (peer.podSelector?.matchLabels ? selected(objects, peer.podSelector.matchLabels) : []));

    // Each policy governs exactly the pods of its own component.
    for (const [component, workload] of [
      ['api', 'Deployment'],
      ['web', 'Deployment'],
      ['migrate', 'Job'],
      ['db', 'StatefulSet'],
    ]) {
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

  it('lets the api and the migrator out only where the values say: the database, and the SMTP server when mail is on', () => {
    const egress = (objects: K8sObject[], component: string) => named(objects, 'NetworkPolicy', `${PREFIX}-${component}`).spec!.egress ?? [];
    const databasePort = [{ protocol: 'TCP', port: 5432 }];
    const requiredCidr = HELM_REQUIRED_SETTINGS.find((setting) => setting.startsWith('networkPolicy.databaseTo[0].ipBlock.cidr='))!.split('=')[1];
    for (const component of ['api', 'migrate']) {
      expect(egress(defaults.objects, component), component).toContainEqual({ to: [{ ipBlock: { cidr: requiredCidr } }], ports: databasePort });
      expect(egress(production.objects, component), component).toContainEqual({
        to: productionSettings.networkPolicy.databaseTo,
        ports: databasePort,
      });
    }
    const smtpPorts = productionSettings.networkPolicy.smtp.ports.map((port: number) => ({ protocol: 'TCP', port }));
    expect(egress(production.objects, 'api')).toContainEqual({ to: productionSettings.networkPolicy.smtp.to, ports: smtpPorts });
    // Without mail: DNS and the database only.
    expect(egress(defaults.objects, 'api')).toHaveLength(2);
    // No rule lets anything out to, or in from, every address.
    for (const { objects } of [defaults, production, evaluation]) {
      const peers = objects
        .filter((object) => object.kind === 'NetworkPolicy')
        .flatMap((policy) => [
          ...(policy.spec!.egress ?? []).flatMap((rule) => rule.to ?? []),
          ...(policy.spec!.ingress ?? []).flatMap((rule) => rule.from ?? []),
        ]);
      expect(peers.filter((peer) => /\/0\b/.test(JSON.stringify(peer.ipBlock ?? {})))).toEqual([]);
    }
  });

  it('trusts the X-Forwarded-For of the pod networks, which its NetworkPolicies keep to the ingress controller and the web', () => {
    const chartDefaults = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as { trustedProxies: string };
    for (const [service, container] of Object.entries(containersOf(defaults.objects))) {
      expect(envOf(container).get('TRUSTED_PROXIES'), service).toBe(chartDefaults.trustedProxies);
    }
    expect(chartDefaults.trustedProxies.split(',')).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
  });

  it('connects to an external database only with verified TLS, trusting the CA of database.caSecret; to its own without TLS', async () => {
    const databaseEnv = (objects: K8sObject[]) =>
      [named(objects, 'Deployment', `${PREFIX}-api`), named(objects, 'Job', `${PREFIX}-migrate`)].map((workload) => ({
        pod: workload.spec!.template!.spec,
        env: envOf(workload.spec!.template!.spec.containers[0]),
      }));

    // The example production values name a CA Secret: the URL names a file that comes read-only from its ca.crt.
    for (const { pod, env } of databaseEnv(production.objects)) {
      const url = new URL(env.get('DATABASE_URL')!);
      expect(url.searchParams.get('sslmode')).toBe('verify-full');
      const caFile = url.searchParams.get('sslrootcert')!;
      const mount = pod.containers[0].volumeMounts?.find((candidate) => caFile.startsWith(`${candidate.mountPath}/`));
      expect(mount?.readOnly, caFile).toBe(true);
      const volume = pod.volumes?.find((candidate) => candidate.name === mount!.name);
      expect(volume?.secret?.secretName).toBe(productionSettings.database.caSecret);
      expect(volume?.secret?.items).toEqual([{ key: 'ca.crt', path: caFile.slice(mount!.mountPath.length + 1) }]);
      expect(env.has('DATABASE_REQUIRE_VERIFIED_TLS')).toBe(false);
    }
    // Without one, the public CAs: nothing mounted.
    for (const { pod, env } of databaseEnv(defaults.objects)) {
      expect(env.get('DATABASE_URL')).toMatch(/\?sslmode=verify-full$/);
      expect(pod.volumes?.map((volume) => volume.name)).toEqual(['database-password']);
    }
    // The chart's own PostgreSQL has no TLS, and the production check is off for it alone.
    for (const { env } of databaseEnv(evaluation.objects)) {
      expect(env.get('DATABASE_URL')).toMatch(/\?sslmode=disable$/);
      expect(env.get('DATABASE_REQUIRE_VERIFIED_TLS')).toBe('false');
    }
    // A weaker mode is an explicit choice, which turns the check off.
    const weaker = await render('weaker-tls', [
      ...HELM_REQUIRED_SETTINGS,
      '--set',
      'database.sslMode=require',
      '--set',
      'database.requireVerifiedTls=false',
    ]);
    for (const { env } of databaseEnv(weaker.objects)) {
      expect(env.get('DATABASE_URL')).toMatch(/\?sslmode=require$/);
      expect(env.get('DATABASE_REQUIRE_VERIFIED_TLS')).toBe('false');
    }
  });

  it('refuses wrong values at install time, saying which', async () => {
    expect(await refusal([...HELM_REQUIRED_SETTINGS, '--set', 'api.replica=3'])).toContain("additional properties 'replica' not allowed");
    // <app>.env takes the settings the app reads (docs/settings.md) and the chart does not set itself, well formed.
    expect(await refusal([...HELM_REQUIRED_SETTINGS, '--set', 'api.env.DATABASE_URL=postgres://elsewhere'])).toContain(
      "additional properties 'DATABASE_URL' not allowed",
    );
    expect(await refusal([...HELM_REQUIRED_SETTINGS, '--set', 'api.env.DB_MAX_CONECTIONS=20'])).toContain(
      "additional properties 'DB_MAX_CONECTIONS' not allowed",
    );
    expect(await refusal([...HELM_REQUIRED_SETTINGS, '--set-string', 'web.env.MAX_CONNECTIONS=lots'])).toContain('/web/env/MAX_CONNECTIONS');
    const missing = await refusal([]);
    expect(missing).toContain('/publicWebOrigin');
    expect(missing).toContain('/database/host');
    expect(await refusal([...HELM_REQUIRED_SETTINGS, '--set', 'trustedProxies='])).toContain('/trustedProxies');
  });

  it('opens no way out that the values do not name, and says which value to set, with an example', async () => {
    const withoutDatabaseTo = HELM_REQUIRED_SETTINGS.filter(
      (setting, index, all) => !setting.startsWith('networkPolicy.') && !all[index + 1]?.startsWith('networkPolicy.'),
    );
    expect(await refusal(withoutDatabaseTo)).toContain(
      "set networkPolicy.databaseTo to where it is (NetworkPolicy peers), e.g. --set 'networkPolicy.databaseTo[0].ipBlock.cidr=",
    );
    const mail = ['--set', 'mail.existingSecret=coaching-platform-mail', '--set', 'mail.from=no-reply@example.com'];
    expect(await refusal([...HELM_REQUIRED_SETTINGS, ...mail])).toContain(
      "set networkPolicy.smtp.to to where your SMTP server is (NetworkPolicy peers), e.g. --set 'networkPolicy.smtp.to[0].ipBlock.cidr=",
    );
    // Without NetworkPolicies there is nothing to name.
    await render('no-policies', [...withoutDatabaseTo, ...mail, '--set', 'networkPolicy.enabled=false']);
    // A mode the api would refuse in production fails here, before a pod crash-loops.
    const weaker = await refusal([...HELM_REQUIRED_SETTINGS, '--set', 'database.sslMode=require']);
    expect(weaker).toContain('database.sslMode=require: in production the api connects to an external database only with verify-full');
    expect(weaker).toContain('database.caSecret=');
    expect(weaker).toContain('database.requireVerifiedTls=false');
  });
});
