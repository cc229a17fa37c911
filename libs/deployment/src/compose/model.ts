import { readFile } from 'node:fs/promises';
import { isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';

/** The parts of the Compose specification this project reads and checks. */
export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  networks?: Record<string, ComposeNetwork | null>;
  volumes?: Record<string, ComposeVolume | null>;
  secrets?: Record<string, { file?: string; environment?: string }>;
  [extension: `x-${string}`]: unknown;
}

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | ComposePort)[];
  networks?: string[] | Record<string, unknown>;
  volumes?: (string | ComposeMount)[];
  depends_on?: string[] | Record<string, { condition?: ServiceCondition; required?: boolean; restart?: boolean }>;
  healthcheck?: { test?: string | string[]; interval?: string; timeout?: string; retries?: number; start_period?: string; disable?: boolean };
  restart?: 'no' | 'always' | 'unless-stopped' | 'on-failure' | `on-failure:${number}`;
  profiles?: string[];
  secrets?: (string | { source: string; target?: string })[];
  read_only?: boolean;
  cap_drop?: string[];
  cap_add?: string[];
  security_opt?: string[];
  mem_limit?: string | number;
  pids_limit?: number;
  logging?: { driver?: string; options?: Record<string, string | number> };
  deploy?: { resources?: { limits?: { memory?: string | number; pids?: number } } };
  [key: string]: unknown;
}

export type ServiceCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposePort {
  target: number;
  published?: string | number;
  host_ip?: string;
  protocol?: string;
}

export interface ComposeMount {
  type?: 'volume' | 'bind' | 'tmpfs';
  source?: string;
  target: string;
}

export interface ComposeNetwork {
  name?: string;
  driver?: string;
  external?: boolean;
}

export interface ComposeVolume {
  name?: string;
  driver?: string;
  external?: boolean;
}

/** Compose's tags that make an override file replace a key of its base file's service instead of merging into it. */
const REPLACING_TAGS = ['!reset', '!override'];

/** The keys each parsed service replaces (REPLACING_TAGS), by service object. */
const replacedKeys = new WeakMap<ComposeService, ReadonlySet<string>>();

/** Whether an override file's service replaces `key` of its base file's (`ports: !reset []`) rather than merging. */
export function replaces(service: ComposeService, key: string): boolean {
  return replacedKeys.get(service)?.has(key) ?? false;
}

/** Parses Compose YAML, resolving anchors and `<<` merge keys the way Compose does, and noting `!reset`/`!override`. */
export function parseCompose(text: string): ComposeFile {
  const document = parseDocument(text, { merge: true });
  if (document.errors.length > 0) throw new Error(document.errors.map((error) => error.message).join('\n'));
  const model = document.toJS({ maxAliasCount: -1 }) as ComposeFile | null;
  if (!model || typeof model !== 'object' || typeof model.services !== 'object' || model.services === null) {
    throw new Error('not a Compose file: it has no `services`');
  }
  for (const [name, service] of Object.entries(model.services)) replacedKeys.set(service, taggedKeys(document, name));
  return model;
}

/** The keys of service `name` whose values carry one of REPLACING_TAGS. */
function taggedKeys(document: Document, name: string): Set<string> {
  const node = document.getIn(['services', name], true);
  if (!isMap(node)) return new Set();
  return new Set(
    node.items
      .filter((pair) => isNode(pair.value) && REPLACING_TAGS.includes(pair.value.tag ?? ''))
      .map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key))),
  );
}

export async function readCompose(file: string): Promise<ComposeFile> {
  return parseCompose(await readFile(file, 'utf8'));
}

/**
 * Replaces `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `${VAR:?message}` in a string the way Compose
 * interpolates, from `env`. A required variable that is missing keeps its placeholder (the checks report it).
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (whole, name: string, operator: string | undefined, argument: string | undefined) => {
      const current = env[name];
      const missing = current === undefined || (operator?.startsWith(':') === true && current === '');
      if (operator?.endsWith('-')) return missing ? (argument ?? '') : (current ?? '');
      if (operator?.endsWith('?')) return missing ? whole : (current ?? '');
      return current ?? '';
    },
  );
}
