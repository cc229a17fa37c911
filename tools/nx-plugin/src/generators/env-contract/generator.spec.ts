import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTree } from '@nx/devkit/testing';
import type { Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  CHART_BINDINGS,
  COMPOSE_APP_SERVICES,
  COMPOSE_PRODUCTION_BINDINGS,
  HELM_CHART,
  modelDefaults,
  type EnvContracts,
  type Setting,
} from '@coaching/deployment';
import { APP_NAMES, type AppName } from '@coaching/platform-model';
import { writeFromContracts } from './generator';

const workspaceRoot = join(__dirname, '..', '..', '..', '..', '..');
const FILES = [
  'compose.yaml',
  'compose.production.yaml',
  `${HELM_CHART.dir}/templates/_helpers.tpl`,
  `${HELM_CHART.dir}/values.schema.json`,
  '.env.example',
];

/** A tree holding this workspace's deployment files as committed. */
function workspaceTree(): Tree {
  const tree = createTree();
  for (const file of FILES) tree.write(file, readFileSync(join(workspaceRoot, file), 'utf-8'));
  return tree;
}

function setting(name: string, overrides: Partial<Setting> = {}): Setting {
  return {
    name,
    flag: `--${name.toLowerCase()}`,
    default: null,
    kind: 'text',
    choices: [],
    secret: false,
    secretFile: null,
    requiredInProduction: false,
    description: `What ${name} does.`,
    ...overrides,
  };
}

/**
 * Contracts with every setting some deployment binds (the generator refuses a binding the app does not read) or the
 * model holds a default of, at the model's default, plus `extra`.
 */
function contractsWith(extra: Partial<Record<AppName, Setting[]>>): EnvContracts {
  const bound = (app: AppName) => {
    const names = new Set<string>(CHART_BINDINGS[app]);
    for (const [service, { app: runs, environment }] of Object.entries(COMPOSE_APP_SERVICES)) {
      if (runs !== app) continue;
      Object.keys(environment).forEach((name) => names.add(name));
      Object.keys(COMPOSE_PRODUCTION_BINDINGS[service as keyof typeof COMPOSE_PRODUCTION_BINDINGS]).forEach((name) => names.add(name));
    }
    const defaults = new Map(
      modelDefaults()
        .filter((known) => known.app === app)
        .map((known) => [known.name, known.value]),
    );
    defaults.forEach((_value, name) => names.add(name));
    return [...names].map((name) => setting(name, { default: defaults.get(name) ?? null }));
  };
  return Object.fromEntries(APP_NAMES.map((app) => [app, [...bound(app), ...(extra[app] ?? [])]])) as unknown as EnvContracts;
}

describe('the env-contract sync generator', () => {
  it('carries a setting added to an app into compose, the chart schema, .env.example and the docs', () => {
    const tree = workspaceTree();
    writeFromContracts(tree, contractsWith({}));
    const added = setting('REMINDER_LEAD_MINUTES', {
      kind: 'integer',
      default: '60',
      description: 'Minutes before a session its reminder goes out.',
    });

    const result = writeFromContracts(tree, contractsWith({ api: [added] }));

    expect(result?.outOfSyncDetails).toEqual([
      'compose.yaml',
      `${HELM_CHART.dir}/values.schema.json`,
      '.env.example',
      'docs/settings.md',
      'libs/platform-model/src/app-env-settings.ts',
    ]);
    const compose = parse(tree.read('compose.yaml', 'utf-8')!) as { services: Record<string, { environment: Record<string, string> }> };
    expect(compose.services['api']!.environment['REMINDER_LEAD_MINUTES']).toBe('${REMINDER_LEAD_MINUTES:-}');
    // One-shot commands get their database login only; the web reads no such setting.
    expect(compose.services['migrate']!.environment).not.toHaveProperty('REMINDER_LEAD_MINUTES');
    expect(compose.services['web']!.environment).not.toHaveProperty('REMINDER_LEAD_MINUTES');
    const schema = JSON.parse(tree.read(`${HELM_CHART.dir}/values.schema.json`, 'utf-8')!);
    expect(schema.properties.api.properties.env.properties.REMINDER_LEAD_MINUTES).toEqual({
      type: 'string',
      pattern: '^[0-9]+$',
      description: 'Minutes before a session its reminder goes out. Default: 60.',
    });
    expect(tree.read('.env.example', 'utf-8')).toContain(
      '# Minutes before a session its reminder goes out. Read by the api.\n# REMINDER_LEAD_MINUTES=60\n',
    );
    expect(tree.read('docs/settings.md', 'utf-8')).toContain(
      '| `REMINDER_LEAD_MINUTES` | `60` | Minutes before a session its reminder goes out. | `.env` | `api.env` |',
    );
    // The native runtime passes it from .env too, as compose does.
    expect(tree.read('libs/platform-model/src/app-env-settings.ts', 'utf-8')).toMatch(/api: \[[^\]]*'REMINDER_LEAD_MINUTES',[^\]]*\],\n  web:/);
  });

  it('reports nothing once the files match, and keeps what is written by hand', () => {
    const tree = workspaceTree();
    const contracts = contractsWith({ web: [setting('PAGE_CACHE_SECONDS', { default: '0' })] });
    writeFromContracts(tree, contracts);
    const written = Object.fromEntries(FILES.map((file) => [file, tree.read(file, 'utf-8')]));

    expect(writeFromContracts(tree, contracts)).toBeUndefined();
    for (const file of FILES) expect(tree.read(file, 'utf-8')).toBe(written[file]);
    const handWritten = readFileSync(join(workspaceRoot, '.env.example'), 'utf-8').split('# ---- App settings')[0]!;
    expect(tree.read('.env.example', 'utf-8')!.startsWith(handWritten.trimEnd())).toBe(true);
    expect(parse(tree.read('compose.yaml', 'utf-8')!).services.db).toEqual(
      parse(readFileSync(join(workspaceRoot, 'compose.yaml'), 'utf-8')).services.db,
    );
  });

  it("writes back what the model decides in compose.yaml: ports, the mail catcher's image, healthcheck commands", () => {
    const tree = workspaceTree();
    const committed = tree.read('compose.yaml', 'utf-8')!;
    const edited = committed
      .replace('${API_PORT:-4000}:4000', '${API_PORT:-4000}:4001')
      .replace('image: axllent/mailpit:v1.33.1', 'image: axllent/mailpit:latest')
      .replace('"/app/web", "healthcheck"', '"curl", "http://localhost:8080/"');
    tree.write('compose.yaml', edited);
    writeFromContracts(tree, contractsWith({}));
    const compose = parse(tree.read('compose.yaml', 'utf-8')!);
    expect(compose.services.api.ports).toEqual(['${BIND_ADDRESS:-127.0.0.1}:${API_PORT:-4000}:4000']);
    expect(compose.services.mail.image).toBe('axllent/mailpit:v1.33.1');
    expect(compose.services.web.healthcheck.test).toEqual(['CMD', '/app/web', 'healthcheck']);
  });

  it("refuses an app whose own default is not the platform model's, naming both", () => {
    const contracts = contractsWith({});
    contracts.api = contracts.api.map((known) => (known.name === 'API_PORT' ? { ...known, default: '4001' } : known));
    expect(() => writeFromContracts(workspaceTree(), contracts)).toThrow(
      "api's API_PORT defaults to 4001, the platform model (libs/platform-model) to 4000",
    );
  });

  it('refuses to set a setting the app does not read', () => {
    const contracts = contractsWith({});
    contracts.web = contracts.web.filter(({ name }) => name !== 'API_URL');
    expect(() => writeFromContracts(workspaceTree(), contracts)).toThrow('web reads no API_URL');
  });
});
