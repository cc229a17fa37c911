import { DEFAULTS, DEVELOPMENT_PROFILE, EDGE, isServiceName, serviceNamed, SERVICES, type ServiceName } from '@coaching/platform-model';
import { interpolate, replaces, type ComposeFile, type ComposeService } from './model';

/** One problem in a Compose file, with what to change. */
export interface Finding {
  rule:
    | 'off-network'
    | 'database-without-volume'
    | 'dependency-without-condition'
    | 'no-healthcheck'
    | 'database-port-on-all-interfaces'
    | 'literal-password'
    | 'no-memory-limit'
    | 'no-pids-limit'
    | 'unrotated-logs'
    // The file against the platform model (checkAgainstModel):
    | 'missing-service'
    | 'dependency-missing'
    | 'development-only-disagrees'
    | 'default-disagrees'
    // A production override against its base file (checkProductionOverride):
    | 'development-service-in-production'
    | 'published-outside-edge';
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
 * without a healthcheck, a database port published on all interfaces, a literal password in a production
 * file, and a service without a memory limit, a pids limit or rotated logs (one runaway container must not take
 * the host down). Returns every finding; none means the file is fine.
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
        add('dependency-without-condition', `depends on ${dependency} without a condition; use service_healthy or service_completed_successfully`);
      }
    }
    if (complete && !oneShots.has(name) && (!service.healthcheck?.test || service.healthcheck.disable)) {
      add('no-healthcheck', 'runs for good but has no healthcheck, so nothing can wait for it to be ready');
    }
    if (complete && !hasLimit(service.mem_limit, service.deploy?.resources?.limits?.memory)) {
      add('no-memory-limit', 'has no memory limit; set mem_limit so a leak cannot take the host down');
    }
    if (complete && !hasLimit(service.pids_limit, service.deploy?.resources?.limits?.pids)) {
      add('no-pids-limit', 'has no pids limit; set pids_limit so runaway processes or threads cannot exhaust the host');
    }
    if (complete && !rotatesLogs(service)) {
      add('unrotated-logs', 'keeps logs without bound; use the json-file driver with max-size and max-file options');
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

/**
 * Whether a complete Compose file runs the platform the model describes where `nx sync` does not write it (the ports,
 * images, healthcheck commands and the apps' environments are generated from the model, libs/deployment/src/env):
 * every service of the model is there; it waits, directly or through one-shots, for the services it needs; a
 * development-only service is in the `dev` profile (so a production stack leaves it out) and whatever depends on it
 * does so with `required: false`; and every `${VAR:-default}` of a variable that .env.example documents uses the same
 * default as the settings.
 */
export function checkAgainstModel(compose: ComposeFile): Finding[] {
  const findings: Finding[] = [];
  for (const expected of SERVICES) {
    const service = compose.services[expected.name];
    const add = (rule: Finding['rule'], message: string) => findings.push({ rule, service: expected.name, message });
    if (!service) {
      add('missing-service', 'is a service of the platform (libs/platform-model/src/model.ts) but not in this file');
      continue;
    }
    for (const need of expected.needs) {
      if (!waitsFor(compose, expected.name, need)) {
        add('dependency-missing', `needs ${need} but does not wait for it (depends_on, directly or through a one-shot)`);
      }
    }
    const profiles = service.profiles ?? [];
    if (!expected.production && !profiles.includes(DEVELOPMENT_PROFILE)) {
      add('development-only-disagrees', `runs in development only: put it in profiles: [${DEVELOPMENT_PROFILE}] so production leaves it out`);
    }
    if (expected.production && profiles.length > 0) {
      add('development-only-disagrees', `runs in production too: it must not be in a profile (it is in ${profiles.join(', ')})`);
    }
  }
  for (const [name, service] of Object.entries(compose.services)) {
    const add = (rule: Finding['rule'], message: string) => findings.push({ rule, service: name, message });
    for (const [dependency, , required] of dependencies(service)) {
      if (isServiceName(dependency) && !serviceNamed(dependency).production && required !== false) {
        add('development-only-disagrees', `depends on ${dependency}, which production leaves out: add required: false`);
      }
    }
    for (const value of strings(service)) {
      for (const [, variable, fallback] of value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}/g)) {
        const documented = (DEFAULTS as Record<string, string>)[variable];
        if (documented !== undefined && fallback !== documented) {
          add('default-disagrees', `defaults ${variable} to ${fallback}; the settings (.env.example) say ${documented}`);
        }
      }
    }
  }
  return findings;
}

/**
 * Whether a production override leaves the development-only services behind: every environment variable of the base
 * file that calls one (the api's SMTP_URL calls the mail catcher) must be set again, to something else, by the
 * override. (The services themselves stay out through their profile, which checkAgainstModel enforces.) And whether
 * the production stack publishes only the edge's ports: every other service it runs must drop its development ports
 * (`ports: !reset []`; Compose merges port lists), and the edge publishes exactly EDGE's two.
 */
export function checkProductionOverride(base: ComposeFile, override: ComposeFile): Finding[] {
  const findings: Finding[] = productionPorts(base, override);
  for (const [name, service] of Object.entries(base.services)) {
    const overridden = new Map(environment(override.services[name] ?? {}));
    for (const [variable, value] of environment(service)) {
      const developmentOnly = calledServices(value).find(([other]) => !serviceNamed(other).production);
      const replacement = overridden.get(variable);
      if (developmentOnly && (replacement === undefined || calledServices(replacement).some(([other]) => other === developmentOnly[0]))) {
        findings.push({
          rule: 'development-service-in-production',
          service: name,
          message: `sets ${variable} to call ${developmentOnly[0]}, which production does not run; set ${variable} in the production override`,
        });
      }
    }
  }
  return findings;
}

/** The edge's ports as the production override must publish them: through EDGE's variables, on every interface. */
const EDGE_PORTS = Object.values(EDGE.ports).map(({ variable, default: port }) => `\${${variable}:-${port}}:${port}`);

/** Findings for every port the production stack publishes besides the edge's two. */
function productionPorts(base: ComposeFile, override: ComposeFile): Finding[] {
  const findings: Finding[] = [];
  const names = new Set([...Object.keys(base.services), ...Object.keys(override.services)]);
  for (const name of names) {
    const [inBase, inOverride] = [base.services[name], override.services[name]];
    // Production turns on no profile, so a service in one does not run.
    if ((inOverride?.profiles ?? inBase?.profiles ?? []).length > 0) continue;
    const ports = inOverride && replaces(inOverride, 'ports') ? (inOverride.ports ?? []) : [...(inBase?.ports ?? []), ...(inOverride?.ports ?? [])];
    const published = ports.map((port) => (typeof port === 'object' ? `${port.published ?? ''}:${port.target}` : String(port)));
    const allowed = name === EDGE.name ? EDGE_PORTS : [];
    const extra = published.filter((port) => !allowed.includes(port));
    if (extra.length > 0) {
      const fix = name === EDGE.name ? `publish only ${EDGE_PORTS.join(' and ')}` : 'add `ports: !reset []` to it in the production override';
      findings.push({
        rule: 'published-outside-edge',
        service: name,
        message: `publishes ${extra.join(', ')} in production, where only the edge's ports are published; ${fix}`,
      });
    }
  }
  return findings;
}

/** The platform services a string calls by URL (`http://api:4000`, `smtp://mail:1025`), with the port. */
function calledServices(value: string): [ServiceName, number][] {
  return [...value.matchAll(/(?:https?|smtp):\/\/([a-z][a-z0-9_-]*):(\d+)/g)]
    .filter(([, other]) => isServiceName(other))
    .map(([, other, port]) => [other as ServiceName, Number(port)]);
}

/** Whether `from` waits for `to` through its depends_on, directly or through services in between. */
function waitsFor(compose: ComposeFile, from: string, to: string, seen = new Set<string>()): boolean {
  if (seen.has(from)) return false;
  seen.add(from);
  const service = compose.services[from];
  return !!service && dependencies(service).some(([dependency]) => dependency === to || waitsFor(compose, dependency, to, seen));
}

/** Every string inside a service's definition (environment values, commands, ports...). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
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

/** Each service it depends on, with the condition and whether it is required (undefined: Compose's default, yes). */
function dependencies(service: ComposeService): [string, string | undefined, boolean | undefined][] {
  const dependsOn = service.depends_on;
  if (!dependsOn) return [];
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => [name, undefined, undefined]);
  return Object.entries(dependsOn).map(([name, settings]) => [name, settings?.condition, settings?.required]);
}

/** Whether one of a limit's spellings is set to a bound (0 and -1 mean none). */
function hasLimit(...values: (string | number | undefined)[]): boolean {
  return values.some((value) => value !== undefined && !['0', '-1'].includes(String(value).trim()));
}

/**
 * json-file, the engine's default driver, grows without bound unless it caps each file and their number; the other
 * drivers rotate themselves (local) or hand logs to a system that does.
 */
function rotatesLogs(service: ComposeService): boolean {
  const { driver = 'json-file', options = {} } = service.logging ?? {};
  return driver !== 'json-file' || (options['max-size'] !== undefined && options['max-file'] !== undefined);
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
