import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { minVersion } from 'semver';
import { builtImage, COMPOSE_BUILT_IMAGES, HELM_CHART, parseCompose } from '@coaching/deployment';
import {
  DEFAULT_DATABASE,
  DEFAULTS,
  IMAGE_LABEL,
  imageName,
  isBuiltHere,
  MAILPIT_VERSION,
  PLATFORM_NAME,
  PLATFORM_SCHEMA,
  SECRET_FILES,
  SERVICE_NAMES,
} from '@coaching/platform-model';
import { describe, expect, it } from 'vitest';

// The platform model (libs/platform-model) is the home of these facts. The apps' own defaults are held to it through
// their env contracts (`nx sync`, libs/deployment/src/env/agreement.ts); the db image's scripts and the constants
// no setting exposes cannot describe themselves, so they are held to the model here.
const root = resolve(__dirname, '..', '..', '..');
const source = (file: string) => readFileSync(join(root, file), 'utf8');

/** The db image's init scripts (the postgres image runs them on an empty data folder). */
const INITDB_SCRIPTS = ['apps/db/initdb/10-application-database.sh', 'apps/db/initdb/20-application-role.sh'];

/** The one capture of `pattern` in `file`, or a failure naming what is missing. */
function captured(file: string, pattern: RegExp): string {
  const match = pattern.exec(source(file));
  if (!match) throw new Error(`${file} no longer matches ${pattern}: update this spec with the new way it says it`);
  return match[1];
}

describe('defaults outside TypeScript agree with the platform model', () => {
  it('the schema name', () => {
    for (const script of INITDB_SCRIPTS) expect(captured(script, /schema="\$\{APP_DB_SCHEMA:-([^}]+)\}"/), script).toBe(PLATFORM_SCHEMA);
  });

  it('the database roles and the secret files holding their passwords', () => {
    for (const script of INITDB_SCRIPTS) {
      expect(captured(script, /migrator="\$\{MIGRATOR_DB_USER:-([^}]+)\}"/), script).toBe(DEFAULT_DATABASE.migrator);
    }
    expect(captured('apps/db/initdb/20-application-role.sh', /app_user="\$\{APP_DB_USER:-([^}]+)\}"/)).toBe(DEFAULT_DATABASE.app);
    for (const file of ['compose.yaml', 'compose.production.yaml']) {
      const declared = captured(file, /\nsecrets:\n((?:  .*\n?)*)/).match(/^  [a-z_]+(?=:)/gm) ?? [];
      expect(declared.map((name) => name.trim()).sort(), file).toEqual(Object.values(SECRET_FILES).sort());
    }
  });

  it('the development passwords production refuses', () => {
    const rust = captured('libs/service-kit/src/database.rs', /DEVELOPMENT_PASSWORDS: \[&str; \d+\] = \[([^\]]+)\]/);
    const passwords = [DEFAULTS.POSTGRES_PASSWORD, DEFAULTS.POSTGRES_APP_PASSWORD, DEFAULTS.POSTGRES_SUPERUSER_PASSWORD];
    expect(rust.split(',').map((quoted) => quoted.trim().replace(/^"|"$/g, ''))).toEqual(passwords);
  });

  it('the Mailpit release the Rust tests run, and the command that installs it', () => {
    expect(captured('libs/testkit/src/mail.rs', /pub const MAILPIT_VERSION: &str = "([^"]+)"/)).toBe(MAILPIT_VERSION);
    const platform = JSON.parse(source('apps/platform/project.json')) as { targets: Record<string, unknown> };
    const install = captured('libs/testkit/src/mail.rs', /`npx nx run platform:([a-z-]+)`/);
    expect(platform.targets[install], `platform:${install}`).toBeDefined();
  });
});

describe("the Node.js release has one home, package.json's engines.node (npm test's first requirement reads it)", () => {
  it('every GitHub workflow that sets up Node.js installs that release', () => {
    const major = minVersion((JSON.parse(source('package.json')) as { engines: { node: string } }).engines.node)?.major;
    for (const file of readdirSync(join(root, '.github/workflows')).filter((name) => /\.ya?ml$/.test(name))) {
      const workflow = source(`.github/workflows/${file}`);
      const setups = workflow.match(/uses: actions\/setup-node@/g)?.length ?? 0;
      const versions = [...workflow.matchAll(/^\s*node-version: (.+)$/gm)].map((match) => match[1].trim());
      expect(versions, file).toEqual(Array<string>(setups).fill(String(major)));
    }
  });
});

describe("the platform's images are named in one place, libs/platform-model (imageName)", () => {
  it('a name of their own, which no other project takes: coaching-api, coaching-web, coaching-db', () => {
    expect(SERVICE_NAMES.filter(isBuiltHere).map(imageName)).toEqual(['coaching-db', 'coaching-api', 'coaching-web']);
    expect(parseCompose(source('compose.yaml')).name).toBe(PLATFORM_NAME);
    expect(DEFAULTS.COMPOSE_PROJECT_NAME).toBe(PLATFORM_NAME);
  });

  it('compose.yaml and the chart run them by that name', () => {
    const compose = parseCompose(source('compose.yaml'));
    for (const [service, image] of Object.entries(COMPOSE_BUILT_IMAGES)) expect(compose.services[service]?.image, service).toBe(builtImage(image));
    const table = captured(`${HELM_CHART.dir}/templates/_helpers.tpl`, /{{- define "coaching\.images" -}}\n([\s\S]*?)\n{{- end -}}/);
    expect(table.split('\n')).toEqual(SERVICE_NAMES.filter(isBuiltHere).map((service) => `${service}: ${imageName(service)}`));
  });

  it('no file names one by a generic name (api:local, reference=api, <registry>/api:<tag>)', () => {
    const generic =
      /(?<![\w./])(?<!\w-)(?:api|web|db):(?:local\b|\$\{IMAGE_TAG|<)|reference=(?:api|web|db)\b|(?<![/:])\/(?:api|web|db)(?::<|:\$\{|@sha256)/;
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file && !/\.(?:lock|svg|png)$|^CHANGELOG\.md$/.test(file) && file !== 'tools/architecture/src/one-home.spec.ts');
    const found = files.flatMap((file) => {
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      return lines.flatMap((line, index) => (generic.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : []));
    });
    expect(found).toEqual([]);
  });

  it("the uninstall (docs/setup.md) removes them by the label docker-build gives them, and no other project's image", () => {
    const uninstall = captured('docs/setup.md', /^(docker image rm .*)$/m);
    expect(uninstall).toContain(`docker image ls --quiet --filter label=${IMAGE_LABEL.name}=${IMAGE_LABEL.value}`);
    expect(uninstall).not.toMatch(/reference=/);
    expect(source('tools/nx-plugin/src/executors/docker-build/executor.ts')).toContain('`${IMAGE_LABEL.name}=${IMAGE_LABEL.value}`');
  });
});
