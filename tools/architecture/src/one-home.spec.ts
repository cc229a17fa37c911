import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { minVersion } from 'semver';
import { DEFAULT_DATABASE, DEFAULTS, MAILPIT_VERSION, PLATFORM_SCHEMA, SECRET_FILES } from '@coaching/platform-model';
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
