import { interpolate, type ComposeFile, type ComposeService } from './model';

/** One problem in a Compose file, with what to change. */
export interface Finding {
  rule:
    | 'off-network'
    | 'database-without-volume'
    | 'dependency-without-condition'
    | 'no-healthcheck'
    | 'database-port-on-all-interfaces'
    | 'literal-password';
  service: string;
  message: string;
}

export interface CheckOptions {
  /** The network every service must join. */
  network: string;
  /**
   * An override file (`compose.production.yaml`) holds only what it changes, so only the rules about what it
   * says apply to it; the rules about what a service lacks apply to complete files.
   */
  override?: boolean;
  /** Production files must not contain passwords. */
  production: boolean;
  /** Variables for `${...}` in the file (as compose would see them). */
  env: Record<string, string | undefined>;
}

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY/i;
const DATABASE_DATA = ['/var/lib/postgresql/data', '/var/lib/postgresql'];
const ALL_INTERFACES = ['', '0.0.0.0', '::', '[::]'];

/**
 * The deployment spec's "Common Gotchas", as checks: a service off the named network, a database without a
 * persistent volume, a `depends_on` without a condition (start order is then a guess), a long-running service
 * without a healthcheck, a database port published on all interfaces, and a literal password in a production
 * file. Returns every finding; none means the file is fine.
 */
export function checkCompose(model: ComposeFile, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const oneShots = oneShotServices(model);
  for (const [name, service] of Object.entries(model.services)) {
    const add = (rule: Finding['rule'], message: string) => findings.push({ rule, service: name, message });
    const complete = !options.override;

    if (complete && !joinedNetworks(service).includes(options.network)) {
      add('off-network', `is not on the ${options.network} network; add it under networks`);
    }
    for (const [dependency, condition] of dependencies(service)) {
      if (!condition) {
        add(
          'dependency-without-condition',
          `depends on ${dependency} without a condition; use service_healthy or service_completed_successfully`,
        );
      }
    }
    if (complete && !oneShots.has(name) && (!service.healthcheck?.test || service.healthcheck.disable)) {
      add('no-healthcheck', 'runs for good but has no healthcheck, so nothing can wait for it to be ready');
    }
    if (isDatabase(service)) {
      if (complete && !hasNamedDataVolume(service, model)) {
        add('database-without-volume', `keeps its data in the container; mount a named volume at ${DATABASE_DATA[0]}`);
      }
      for (const hostIp of publishedHostIps(service, options.env)) {
        if (ALL_INTERFACES.includes(hostIp)) {
          add('database-port-on-all-interfaces', 'publishes the database on every network interface; bind it to 127.0.0.1');
        }
      }
    }
    if (options.production) {
      for (const [key, value] of environment(service)) {
        if (isLiteralSecret(key, value)) {
          add('literal-password', `sets ${key} to a literal value in a production file; use a secret or \${${key}:?...}`);
        }
      }
    }
  }
  return findings;
}

/** Services something waits to complete, or that never restart: they run once and exit. */
function oneShotServices(model: ComposeFile): Set<string> {
  const oneShots = new Set<string>();
  for (const [name, service] of Object.entries(model.services)) {
    if (service.restart === 'no') oneShots.add(name);
    for (const [dependency, condition] of dependencies(service)) {
      if (condition === 'service_completed_successfully') oneShots.add(dependency);
    }
  }
  return oneShots;
}

function joinedNetworks(service: ComposeService): string[] {
  if (!service.networks) return ['default'];
  return Array.isArray(service.networks) ? service.networks : Object.keys(service.networks);
}

function dependencies(service: ComposeService): [string, string | undefined][] {
  const dependsOn = service.depends_on;
  if (!dependsOn) return [];
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => [name, undefined]);
  return Object.entries(dependsOn).map(([name, settings]) => [name, settings?.condition]);
}

function isDatabase(service: ComposeService): boolean {
  const image = typeof service.image === 'string' ? service.image : '';
  const dockerfile = typeof service.build === 'object' ? (service.build.dockerfile ?? '') : '';
  return /(^|\/)postgres(:|$)/.test(image) || /postgres/i.test(dockerfile);
}

function hasNamedDataVolume(service: ComposeService, model: ComposeFile): boolean {
  const named = new Set(Object.keys(model.volumes ?? {}));
  return (service.volumes ?? []).some((mount) => {
    const [source, target] = typeof mount === 'string' ? mount.split(':') : [mount.source ?? '', mount.target];
    return named.has(source) && DATABASE_DATA.includes(target);
  });
}

/** The host address of every published port, after interpolation ('' when none is given: all interfaces). */
function publishedHostIps(service: ComposeService, env: CheckOptions['env']): string[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return port.host_ip ?? '';
    const parts = interpolate(String(port), env).split(':');
    // host_ip:published:target, or [ipv6]:published:target
    return parts.length >= 3 ? parts.slice(0, parts.length - 2).join(':') : '';
  });
}

function environment(service: ComposeService): [string, string][] {
  const env = service.environment;
  if (!env) return [];
  if (Array.isArray(env)) {
    return env.map((entry) => {
      const [key, ...rest] = entry.split('=');
      return [key, rest.join('=')];
    });
  }
  return Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]);
}

function isLiteralSecret(key: string, value: string): boolean {
  if (value === '' || value.startsWith('${')) return false;
  if (key.endsWith('_FILE')) return false;
  if (SECRET_NAME.test(key)) return true;
  // Credentials inside a URL: postgres://user:password@host
  return /:\/\/[^/:@\s]+:(?!\$\{)[^@\s]+@/.test(value);
}
