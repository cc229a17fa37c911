import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeOf, type ModuleGraph } from './rust-modules';

/**
 * The layers of a crate: for each top-level module (a layer), the other layers it may refer to. A module may
 * always refer to modules of its own layer. A layer missing from the table may refer to nothing, and nothing
 * may refer to it, until it is given a place.
 */
export interface Layers {
  uses: Record<string, readonly string[]>;
  /** External crates a layer must not name (`sea_orm::…`, `use axum::…`): the rules stay free of HTTP and SQL. */
  forbiddenCrates?: Record<string, readonly string[]>;
}

/** The layers of the Rust apps, as docs/architecture.md draws them. Keyed by crate folder. */
export const RUST_LAYERS: Record<string, Layers> = {
  'apps/api': {
    uses: {
      crate: ['cli'],
      cli: ['admin', 'app', 'config', 'outbox', 'seed'],
      admin: ['auth', 'config', 'domain', 'state', 'storage'],
      outbox: ['config', 'state', 'storage'],
      seed: ['auth', 'config', 'state', 'storage'],
      app: ['auth', 'config', 'error', 'mail', 'notifier', 'routes', 'state', 'storage', 'throttle'],
      // Sends the outbox: reads and settles it (storage), words and sends each mail (mail).
      notifier: ['domain', 'mail', 'storage'],
      routes: ['auth', 'domain', 'error', 'extract', 'mail', 'state', 'storage', 'throttle'],
      auth: ['config', 'domain', 'error', 'state', 'storage', 'throttle'],
      extract: ['error'],
      error: ['domain', 'mail'],
      state: ['config', 'mail', 'storage', 'throttle'],
      throttle: ['domain', 'error', 'storage'],
      mail: ['config', 'domain'],
      config: ['domain'],
      // PostgreSQL: it knows the rules it filters by, never the HTTP side (no `error`, no `auth`).
      storage: ['domain'],
      domain: [],
    },
    forbiddenCrates: {
      domain: ['axum', 'sea_orm', 'tower', 'tower_http', 'utoipa_axum'],
      storage: ['axum', 'tower', 'tower_http', 'utoipa_axum'],
    },
  },
  'apps/web': {
    uses: {
      crate: ['app', 'config'],
      app: ['api_client', 'config', 'cookies', 'csrf', 'error', 'origin', 'pages'],
      pages: ['api_client', 'cookies', 'csrf', 'error', 'flash', 'format', 'layout', 'markdown', 'origin', 'page_context', 'visitor'],
      error: ['api_client', 'cookies', 'flash', 'layout'],
      csrf: ['config', 'cookies', 'error', 'origin'],
      // Where visitors open the site: PUBLIC_WEB_ORIGIN, else the request's own Host.
      origin: ['config', 'error'],
      page_context: ['cookies', 'csrf', 'flash', 'layout'],
      visitor: ['api_client', 'cookies', 'error'],
      layout: ['flash'],
      flash: ['cookies'],
      config: [],
      api_client: [],
      format: [],
      // Markdown to sanitized HTML: a pure function of the text.
      markdown: [],
      cookies: [],
    },
  },
};

const layerOf = (modulePath: string) => modulePath.split('::')[0];

/** Each reference that the table does not allow, as `file: from → to` (the file relative to the crate). */
export function layerViolations(crateDir: string, graph: ModuleGraph, layers: Layers): string[] {
  const violations: string[] = [];
  for (const [from, targets] of graph.edges) {
    const file = graph.files.get(from)!;
    for (const to of targets) {
      const [fromLayer, toLayer] = [layerOf(from), layerOf(to)];
      if (fromLayer === toLayer || layers.uses[fromLayer]?.includes(toLayer)) continue;
      violations.push(`${file}: ${fromLayer} → ${toLayer} is not an allowed edge`);
    }
    const forbidden = layers.forbiddenCrates?.[layerOf(from)] ?? [];
    if (forbidden.length === 0) continue;
    const source = codeOf(readFileSync(join(crateDir, file), 'utf8'));
    for (const name of forbidden) {
      if (new RegExp(`(?<![\\w:])${name}::`).test(source)) violations.push(`${file}: ${layerOf(from)} names the crate ${name}`);
    }
  }
  return violations.sort();
}
