import { withPrerequisites, type ServiceName } from '@coaching/platform-model';
import { displayPath, type RunningInstance, type Runtime, type ServiceStatus } from '@coaching/runtime';
import { startDatabase, type Platform } from './platform';
import { Refusal } from './refusal';
import { prepareDatabase, type SchemaUpgrade } from './schema';

export interface UpOptions {
  /** The services asked for; undefined: every service this runtime runs. Their prerequisites are added. */
  services?: readonly ServiceName[];
  /** Build (or pull) what they run first. */
  build: boolean;
  /** Back up the database before applying migrations (production refuses to go without). */
  backup: boolean;
}

export interface UpResult {
  /** The services started, prerequisites included, in start order. */
  services: readonly ServiceName[];
  status: ServiceStatus[];
  /** What happened to each service (serviceChanges). */
  changes: string[];
  /** What happened to the schema; undefined when the api was not among the services. */
  schema?: SchemaUpgrade;
  /** The services that are not ready. */
  notReady: ServiceName[];
}

/**
 * Starts the platform, or brings a running one to what is checked out (an upgrade), the same way in both runtimes:
 * the services asked for and their prerequisites (computed here, once), built; no port taken by another program; the
 * database started once and, when the api is among them, made ready once (prepareDatabase: back up, migrate, seed)
 * before any service starts, so a failing migration leaves every running service as it was; then the rest, replacing
 * only what changed.
 */
export async function up(platform: Platform, options: UpOptions): Promise<UpResult> {
  const { runtime, settings } = platform;
  if (!options.backup && settings.runtimeEnv === 'production') {
    throw new Refusal('Production backs up the database before every migration: --no-backup is refused with RUNTIME_ENV=production.');
  }
  // What this runtime runs with its settings: production has no mail catcher.
  const services = withPrerequisites(options.services ?? runtime.services).filter((service) => runtime.services.includes(service));
  if (options.build) await runtime.build(services);
  await runtime.checkPorts(services);
  const before = await runtime.instances();
  if (services.includes('db')) await startDatabase(platform);
  const schema = services.includes('api') ? await prepareDatabase(platform, { backup: options.backup }) : undefined;
  const status = await runtime.up({ services });
  const changes = serviceChanges(services, before, await runtime.instances(), runtime.buildKind);
  const notReady = services.filter((service) => status.find((row) => row.service === service)?.health !== 'ready');
  return { services, status, changes, schema, notReady };
}

/**
 * What `up` did to each of `services`, from the instances running before and after: `started`, `unchanged`,
 * `restarted (new image|binary)` when its build changed, `restarted` when only its configuration did.
 */
export function serviceChanges(
  services: readonly ServiceName[],
  before: Partial<Record<ServiceName, RunningInstance>>,
  after: Partial<Record<ServiceName, RunningInstance>>,
  buildKind: Runtime['buildKind'],
): string[] {
  return services.map((service) => {
    const was = before[service];
    const is = after[service];
    if (!is) return `${service}: not running`;
    if (!was) return `${service}: started`;
    if (was.instance === is.instance) return `${service}: unchanged`;
    return `${service}: restarted${was.build === is.build ? '' : ` (new ${buildKind})`}`;
  });
}

/** The one line `up` ends with: "api: restarted (new image) · web: unchanged · migrations: 1 applied · backup: backups/…". */
export function upgradeSummary({ changes, schema }: Pick<UpResult, 'changes' | 'schema'>, workspaceRoot: string): string {
  const parts = [...changes];
  if (schema) {
    parts.push(`migrations: ${schema.applied.length === 0 ? 'none pending' : `${schema.applied.length} applied`}`);
    if (schema.backup) parts.push(`backup: ${displayPath(schema.backup, workspaceRoot)}`);
    else if (schema.backupSkipped) parts.push(`backup: ${schema.backupSkipped}`);
  }
  return parts.join(' · ');
}
