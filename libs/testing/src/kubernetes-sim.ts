/**
 * Runs the Kubernetes objects rendered from the Helm chart as Docker containers, the way a cluster would, on one
 * machine: each pod a container with its template's image, arguments, environment, Secret files, user and security
 * settings; a StatefulSet's pod answers at its Service's name; a Deployment's Service is a Caddy load balancer over
 * the pods that passed their readiness probe (the endpoints a Service routes to), at the Service's name and port.
 * Everything lives on private Docker networks named after this process; `remove()` deletes it all.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { named, type Container, type K8sObject, type Labels, type PodSpec } from '@coaching/deployment';
import { run } from '@coaching/process';

/** The load balancer standing in for a Service (the local stand-in image, see ../shared/ci/base-images.sh). */
const BALANCER_IMAGE = 'caddy:2';
/** How long a balancer keeps trying other endpoints for a request that one could not answer. */
const BALANCER_RETRY = '5s';
/** How long a pod may take to pass its readiness probe. */
const READY_WITHIN_MS = 60_000;

export interface Pod {
  name: string;
  /** Its address on the simulation's network, which this machine reaches directly. */
  ip: string;
  workload: K8sObject;
}

type ServiceObject = K8sObject & { spec: { selector: Labels; ports: { name: string; port: number; targetPort: string }[] } };

/** Whether `service` routes to the pods of `workload` (its selector matches their labels). */
function selects(service: ServiceObject, workload: K8sObject): boolean {
  const labels = workload.spec?.template?.metadata.labels;
  return labels !== undefined && Object.entries(service.spec.selector).every(([name, value]) => labels[name] === value);
}

function docker(args: readonly string[]) {
  return run('docker', args, { cwd: tmpdir() });
}

/** A Kubernetes memory quantity (`256Mi`, `1Gi`) as Docker writes it. */
function dockerMemory(quantity: string): string {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`memory limit ${quantity}: only Mi and Gi are simulated`);
  return `${match[1]}${match[2] === 'Mi' ? 'm' : 'g'}`;
}

function podSpec(workload: K8sObject): PodSpec {
  const spec = workload.spec?.template?.spec;
  if (!spec) throw new Error(`${workload.kind} ${workload.metadata.name} has no pod template`);
  return spec;
}

/** A pod's only container (every workload of the chart has one). */
export function mainContainer(workload: K8sObject): Container {
  return podSpec(workload).containers[0];
}

/** The container port a probe or Service names (`http`; the apps' probes ask `metrics`). */
function containerPort(container: Container, name: string): number {
  const port = container.ports?.find((candidate) => candidate.name === name);
  if (!port) throw new Error(`container ${container.name} has no port ${name}`);
  return port.containerPort;
}

/** The address of a pod's readiness probe: its rendered path on its rendered port. */
function readinessUrl(pod: Pod): string {
  const container = mainContainer(pod.workload);
  const probe = container.readinessProbe?.httpGet;
  if (!probe) throw new Error(`${pod.workload.metadata.name} has no HTTP readiness probe`);
  return `http://${pod.ip}:${containerPort(container, probe.port)}${probe.path}`;
}

/** The base address of a pod's `http` port. */
export function podUrl(pod: Pod): string {
  return `http://${pod.ip}:${containerPort(mainContainer(pod.workload), 'http')}`;
}

export class KubernetesSimulation {
  private readonly containers = new Set<string>();
  /** The Services started, and the network (also the DNS name) their ready pods join. */
  private readonly services = new Map<string, { object: ServiceObject; endpoints: string }>();
  private readonly networks: string[] = [];
  private readonly scratch = mkdtempSync(join(tmpdir(), 'kubernetes-sim-'));
  private readonly network: string;
  private started = 0;

  private constructor(
    private readonly objects: readonly K8sObject[],
    /** Prefix of every container and of the network: unique per run. */
    private readonly prefix: string,
  ) {
    this.network = prefix;
  }

  /** A simulation of `objects` on a new private network. */
  static async create(objects: readonly K8sObject[], prefix: string): Promise<KubernetesSimulation> {
    const simulation = new KubernetesSimulation(objects, prefix);
    await docker(['network', 'create', simulation.network]);
    simulation.networks.push(simulation.network);
    return simulation;
  }

  workload(kind: string, name: string): K8sObject {
    return named(this.objects, kind, name);
  }

  /** The `docker run` arguments of one pod of `workload`: user, security settings, limits, Secret files, scratch volumes, environment. */
  private podArguments(workload: K8sObject, pod: string, env: Record<string, string>): string[] {
    const spec = podSpec(workload);
    const container = mainContainer(workload);
    const args = ['--name', pod, '--network', this.network, '--stop-timeout', String(spec.terminationGracePeriodSeconds ?? 30)];
    const { runAsUser, runAsGroup } = spec.securityContext ?? {};
    if (runAsUser !== undefined) args.push('--user', `${runAsUser}:${runAsGroup ?? runAsUser}`);
    // seccompProfile RuntimeDefault is Docker's own default profile: nothing to add.
    if (container.securityContext?.readOnlyRootFilesystem) args.push('--read-only');
    if (container.securityContext?.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
    for (const capability of container.securityContext?.capabilities?.drop ?? []) args.push('--cap-drop', capability);
    const memory = container.resources?.limits?.memory;
    if (memory) args.push('--memory', dockerMemory(memory));

    const volumes = new Map((spec.volumes ?? []).map((volume) => [volume.name, volume]));
    const claims = new Set((workload.spec?.volumeClaimTemplates ?? []).map((claim) => claim.metadata.name));
    for (const mount of container.volumeMounts ?? []) {
      const volume = volumes.get(mount.name);
      if (volume?.secret) {
        const dir = join(this.scratch, pod, mount.name);
        mkdirSync(dir, { recursive: true });
        const data = this.secretData(volume.secret.secretName);
        const items = volume.secret.items ?? Object.keys(data).map((key) => ({ key, path: key }));
        for (const { key, path } of items) writeFileSync(join(dir, path), this.secretValue(volume.secret.secretName, key), { mode: 0o444 });
        args.push('--volume', `${dir}:${mount.mountPath}:ro`);
      } else if (volume?.emptyDir || claims.has(mount.name)) {
        // Scratch space and a volume claim alike: a fresh folder owned by the pod's user (fsGroup), gone with the pod.
        args.push('--tmpfs', `${mount.mountPath}:uid=${runAsUser ?? 0},gid=${runAsGroup ?? 0},mode=0700`);
      } else {
        throw new Error(`${workload.metadata.name}: volume ${mount.name} is neither a Secret, an emptyDir nor a claim`);
      }
    }

    for (const variable of container.env ?? []) {
      const secret = variable.valueFrom?.secretKeyRef;
      const value = env[variable.name] ?? (secret ? this.secretValue(secret.name, secret.key) : variable.value);
      if (value === undefined) throw new Error(`${workload.metadata.name}: cannot resolve ${variable.name}`);
      args.push('--env', `${variable.name}=${value}`);
    }
    return args;
  }

  private secretData(name: string): Record<string, string> {
    return named(this.objects, 'Secret', name).data ?? {};
  }

  private secretValue(name: string, key: string): string {
    const encoded = this.secretData(name)[key];
    if (encoded === undefined) throw new Error(`Secret ${name} has no key ${key}`);
    return Buffer.from(encoded, 'base64').toString('utf8');
  }

  private nextName(workload: K8sObject): string {
    this.started += 1;
    return `${this.prefix}-${workload.metadata.name}-${this.started}`;
  }

  /**
   * Runs one pod of a Job to completion; rejects with its output when it fails. `args` and `env` replace the
   * template's, for one-off commands run as that pod (like `kubectl run` with the same spec).
   */
  async runToCompletion(job: K8sObject, overrides: { args?: string[]; env?: Record<string, string> } = {}): Promise<string> {
    const name = this.nextName(job);
    this.containers.add(name);
    const container = mainContainer(job);
    try {
      const { stdout, stderr } = await docker([
        'run',
        ...this.podArguments(job, name, overrides.env ?? {}),
        container.image,
        ...(overrides.args ?? container.args ?? []),
      ]);
      return `${stdout}\n${stderr}`;
    } finally {
      await this.removeContainer(name);
    }
  }

  /** Starts one pod of `workload` in the background; a StatefulSet's pod answers at its governing Service's name. */
  async startPod(workload: K8sObject): Promise<Pod> {
    const name = this.nextName(workload);
    const container = mainContainer(workload);
    const serviceName = workload.spec?.serviceName;
    this.containers.add(name);
    await docker([
      'run',
      '--detach',
      ...this.podArguments(workload, name, {}),
      ...(serviceName ? ['--network-alias', serviceName] : []),
      ...(container.command ? ['--entrypoint', container.command[0]] : []),
      container.image,
      ...(container.command?.slice(1) ?? []),
      ...(container.args ?? []),
    ]);
    return { name, ip: await this.address(name), workload };
  }

  /** Waits until the pod's readiness probe passes: its HTTP path answers 2xx, or its command exits 0. */
  async waitReady(pod: Pod): Promise<void> {
    const probe = mainContainer(pod.workload).readinessProbe;
    if (!probe) throw new Error(`${pod.workload.metadata.name} has no readiness probe`);
    const deadline = Date.now() + READY_WITHIN_MS;
    for (;;) {
      const passed = probe.exec
        ? await docker(['exec', pod.name, ...probe.exec.command]).then(
            () => true,
            () => false,
          )
        : await fetch(readinessUrl(pod)).then(
            (answer) => answer.ok,
            () => false,
          );
      if (passed) return;
      if (Date.now() > deadline) {
        const logs = await docker(['logs', '--tail', '30', pod.name]).then(({ stdout, stderr }) => `${stdout}\n${stderr}`, String);
        throw new Error(`${pod.name} not ready after ${READY_WITHIN_MS / 1000} s:\n${logs}`);
      }
      await sleep(200);
    }
  }

  /**
   * Starts `count` pods of `workload`; each joins the endpoints of the Services that select it once its readiness
   * probe passes, as Kubernetes routes only to ready pods.
   */
  async startReplicas(workload: K8sObject, count: number): Promise<Pod[]> {
    const start = async () => {
      const pod = await this.startPod(workload);
      await this.waitReady(pod);
      for (const service of this.services.values()) {
        if (selects(service.object, workload)) await docker(['network', 'connect', '--alias', service.endpoints, service.endpoints, pod.name]);
      }
      return pod;
    };
    return Promise.all(Array.from({ length: count }, start));
  }

  /**
   * The Service `name` as a Caddy load balancer at the Service's name and `http` port, round robin over the ready
   * pods it selects. They join a network of the Service's own under one DNS name, which Caddy looks up every second
   * (kube-proxy, too, learns of endpoints a moment late); a request that cannot reach one is retried on another.
   * Start it before its pods. Returns its base address.
   */
  async startService(name: string): Promise<string> {
    const object = named(this.objects, 'Service', name) as ServiceObject;
    const workload = this.objects.find((candidate) => selects(object, candidate));
    if (!workload) throw new Error(`Service ${name} selects no workload`);
    const port = object.spec.ports.find((candidate) => candidate.name === 'http');
    if (!port) throw new Error(`Service ${name} has no http port`);
    const container = `${this.prefix}-service-${name}`;
    const endpoints = `${this.prefix}-endpoints-${name}`;
    const configDir = join(this.scratch, container);
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      join(configDir, 'Caddyfile'),
      [
        '{',
        '\tauto_https off',
        '}',
        `:${port.port} {`,
        '\treverse_proxy {',
        `\t\tdynamic a ${endpoints} ${containerPort(mainContainer(workload), port.targetPort)} {`,
        '\t\t\trefresh 1s',
        '\t\t}',
        '\t\tlb_policy round_robin',
        `\t\tlb_try_duration ${BALANCER_RETRY}`,
        // An endpoint that failed a request is left out for a while (passive health), so retries go elsewhere.
        '\t\tfail_duration 10s',
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
    await docker(['network', 'create', endpoints]);
    this.networks.push(endpoints);
    this.containers.add(container);
    await docker([
      'run',
      '--detach',
      '--name',
      container,
      '--network',
      this.network,
      '--network-alias',
      name,
      '--volume',
      `${configDir}:/etc/caddy:ro`,
      BALANCER_IMAGE,
    ]);
    await docker(['network', 'connect', endpoints, container]);
    this.services.set(name, { object, endpoints });
    return `http://${await this.address(container)}:${port.port}`;
  }

  /**
   * Waits until the Service `name` routes its readiness path through to a pod (its balancer has learnt an endpoint):
   * the probe's path, asked on the Service's port (the apps answer it on their main port as well).
   */
  async waitRouting(name: string, url: string): Promise<void> {
    const { object } = this.services.get(name)!;
    const workload = this.objects.find((candidate) => selects(object, candidate))!;
    const path = mainContainer(workload).readinessProbe?.httpGet?.path ?? '/';
    const deadline = Date.now() + READY_WITHIN_MS;
    while (
      !(await fetch(`${url}${path}`).then(
        (answer) => answer.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`Service ${name} routes to no ready pod`);
      await sleep(200);
    }
  }

  /** Kills a pod at once (SIGKILL, as when its node fails); it leaves its Services' endpoints as it dies. */
  async kill(pod: Pod): Promise<void> {
    await docker(['kill', pod.name]);
    await this.removeContainer(pod.name);
  }

  /**
   * Deletes a pod as Kubernetes does: the container's preStop pause, then SIGTERM and the rest of the grace period to
   * finish its requests in flight. (Kubernetes also takes it out of its Services' endpoints first; here it leaves them
   * when it exits, and the balancers retry elsewhere the connections it refuses once it stops accepting them.)
   */
  async terminate(pod: Pod): Promise<void> {
    const spec = podSpec(pod.workload);
    const pause = mainContainer(pod.workload).lifecycle?.preStop?.sleep?.seconds ?? 0;
    await sleep(pause * 1000);
    await docker(['stop', '--time', String((spec.terminationGracePeriodSeconds ?? 30) - pause), pod.name]);
    await this.removeContainer(pod.name);
  }

  /** A command inside a running pod (`kubectl exec`). */
  async exec(pod: Pod, command: string[]): Promise<string> {
    return (await docker(['exec', pod.name, ...command])).stdout;
  }

  private async address(container: string): Promise<string> {
    const { stdout } = await docker(['inspect', '--format', `{{(index .NetworkSettings.Networks "${this.network}").IPAddress}}`, container]);
    return stdout.trim();
  }

  private async removeContainer(name: string): Promise<void> {
    await docker(['rm', '--force', '--volumes', name]).catch(() => undefined);
    this.containers.delete(name);
  }

  /** Removes every container, network and scratch file of the simulation, whatever state they are in. */
  async remove(): Promise<void> {
    await Promise.all([...this.containers].map((name) => this.removeContainer(name)));
    for (const network of this.networks) await docker(['network', 'rm', network]).catch(() => undefined);
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
