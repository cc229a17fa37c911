import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORM_SCHEMA } from '@coaching/platform-model';
import { checkAgainstModel, checkCompose, checkProductionOverride, type CheckOptions, type Finding } from './check';
import { interpolate, parseCompose } from './model';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');
const options: CheckOptions = { network: 'coaching_network', production: false, env: { BIND_ADDRESS: '127.0.0.1' } };

/** A sound two-service file; each test breaks one thing. */
const SOUND = `
x-bounded: &bounded
  pids_limit: 100
  logging: { driver: json-file, options: { max-size: 10m, max-file: "3" } }
services:
  db:
    image: postgres:17
    networks: [coaching_network]
    volumes: [postgres_data:/var/lib/postgresql/data]
    ports: ["\${BIND_ADDRESS:-127.0.0.1}:5432:5432"]
    healthcheck: { test: ["CMD", "pg_isready", "-h", "127.0.0.1"] }
    <<: *bounded
    mem_limit: 512m
  migrate:
    image: coaching-api:local
    networks: [coaching_network]
    depends_on: { db: { condition: service_healthy } }
    restart: "no"
    <<: *bounded
    mem_limit: 128m
  api:
    image: coaching-api:local
    networks: [coaching_network]
    environment: { DATABASE_PASSWORD_FILE: /run/secrets/db_app_password }
    depends_on: { migrate: { condition: service_completed_successfully } }
    healthcheck: { test: ["CMD", "/app/api", "healthcheck"] }
    <<: *bounded
    mem_limit: 256m
networks: { coaching_network: {} }
volumes: { postgres_data: {} }
`;

function rules(yaml: string, overrides: Partial<CheckOptions> = {}): Finding['rule'][] {
  return checkCompose(parseCompose(yaml), { ...options, ...overrides }).map((finding) => finding.rule);
}

describe('checkCompose', () => {
  it('accepts a file that follows every rule', () => {
    expect(rules(SOUND)).toEqual([]);
  });

  it('flags a service off the named network', () => {
    expect(
      rules(
        SOUND.replace(
          '    image: coaching-api:local\n    networks: [coaching_network]\n    environment',
          '    image: coaching-api:local\n    environment',
        ),
      ),
    ).toEqual(['off-network']);
  });

  it('flags a database without a persistent volume', () => {
    expect(rules(SOUND.replace('    volumes: [postgres_data:/var/lib/postgresql/data]\n', ''))).toEqual(['database-without-volume']);
    expect(rules(SOUND.replace('postgres_data:/var/lib/postgresql/data', '/var/lib/postgresql/data'))).toEqual(['database-without-volume']);
  });

  it('flags depends_on without a condition', () => {
    expect(rules(SOUND.replace('depends_on: { db: { condition: service_healthy } }', 'depends_on: [db]'))).toEqual(['dependency-without-condition']);
  });

  it('checks only what an override file says', () => {
    const override = 'services:\n  api:\n    environment: { RUNTIME_ENV: production }\n';
    expect(rules(override, { override: true, production: true })).toEqual([]);
    expect(rules(override)).toEqual(['off-network', 'no-healthcheck', 'no-memory-limit', 'no-pids-limit', 'unrotated-logs']);
  });

  it('flags a long-running service without a healthcheck, but not a one-shot', () => {
    expect(rules(SOUND.replace('    healthcheck: { test: ["CMD", "/app/api", "healthcheck"] }\n', ''))).toEqual(['no-healthcheck']);
  });

  it('flags a service without a memory limit, in either spelling', () => {
    expect(rules(SOUND.replace('mem_limit: 256m', ''))).toEqual(['no-memory-limit']);
    expect(rules(SOUND.replace('mem_limit: 256m', 'mem_limit: 0'))).toEqual(['no-memory-limit']);
    expect(rules(SOUND.replace('mem_limit: 256m', 'deploy: { resources: { limits: { memory: 256m } } }'))).toEqual([]);
  });

  it('flags a service without a pids limit, in either spelling', () => {
    const unlimited = ['no-pids-limit', 'no-pids-limit', 'no-pids-limit'];
    expect(rules(SOUND.replace('  pids_limit: 100\n', ''))).toEqual(unlimited);
    expect(rules(SOUND.replace('pids_limit: 100', 'pids_limit: -1'))).toEqual(unlimited);
    expect(rules(SOUND.replace('mem_limit: 256m', 'deploy: { resources: { limits: { memory: 256m, pids: 100 } } }'))).toEqual([]);
  });

  it('flags logs kept without bound: no logging, or json-file without max-size and max-file', () => {
    const unrotated = ['unrotated-logs', 'unrotated-logs', 'unrotated-logs'];
    expect(rules(SOUND.replace(/ {2}logging: .*\n/, ''))).toEqual(unrotated);
    expect(rules(SOUND.replace(', max-file: "3"', ''))).toEqual(unrotated);
    expect(rules(SOUND.replace('{ driver: json-file, options: { max-size: 10m, max-file: "3" } }', '{ driver: local }'))).toEqual([]);
  });

  it('flags a database port on all interfaces, after interpolation', () => {
    expect(rules(SOUND.replace('"${BIND_ADDRESS:-127.0.0.1}:5432:5432"', '"5432:5432"'))).toEqual(['database-port-on-all-interfaces']);
    expect(rules(SOUND, { env: { BIND_ADDRESS: '0.0.0.0' } })).toEqual(['database-port-on-all-interfaces']);
  });

  it('flags literal passwords in production files only', () => {
    const literal = SOUND.replace(
      'environment: { DATABASE_PASSWORD_FILE: /run/secrets/db_app_password }',
      'environment: { POSTGRES_PASSWORD: hunter2, DATABASE_URL: "postgres://refactor:hunter2@db/x" }',
    );
    expect(rules(literal, { production: true })).toEqual(['literal-password', 'literal-password']);
    expect(rules(literal)).toEqual([]);
    const required = SOUND.replace(
      'environment: { DATABASE_PASSWORD_FILE: /run/secrets/db_app_password }',
      'environment: { POSTGRES_PASSWORD: "${POSTGRES_PASSWORD:?set it}" }',
    );
    expect(rules(required, { production: true })).toEqual([]);
  });
});

describe('checkAgainstModel', () => {
  /** The repository's compose.yaml with one change; each test breaks one fact the model holds. */
  const composeYaml = readFileSync(join(workspaceRoot, 'compose.yaml'), 'utf8');
  function findings(from: string | RegExp, to: string): Finding[] {
    const changed = composeYaml.replace(from, to);
    expect(changed, `compose.yaml no longer contains ${from}`).not.toBe(composeYaml);
    return checkAgainstModel(parseCompose(changed));
  }
  const rulesAndServices = (list: Finding[]) => list.map(({ rule, service }) => `${rule} ${service}`);

  it('flags a service of the model that the file lacks', () => {
    const withoutWeb = composeYaml.replace(/\n  web:\n[\s\S]*?\n\n/, '\n');
    expect(rulesAndServices(checkAgainstModel(parseCompose(withoutWeb)))).toEqual(['missing-service web']);
  });

  it('flags a service that does not wait for what it needs', () => {
    expect(rulesAndServices(findings('      api: { condition: service_healthy }\n', ''))).toEqual(['dependency-missing web']);
  });

  it('keeps the development-only mail catcher out of production: in the dev profile, never required', () => {
    expect(rulesAndServices(findings('    profiles: [dev]\n    image: axllent', '    image: axllent'))).toEqual(['development-only-disagrees mail']);
    expect(rulesAndServices(findings('mail: { condition: service_healthy, required: false }', 'mail: { condition: service_healthy }'))).toEqual([
      'development-only-disagrees api',
    ]);
    expect(rulesAndServices(findings('  api:\n    image: ${API_IMAGE', '  api:\n    profiles: [dev]\n    image: ${API_IMAGE'))).toEqual([
      'development-only-disagrees api',
    ]);
  });

  it('flags a default that disagrees with the settings, wherever it is used', () => {
    const other = findings(new RegExp(`POSTGRES_DB:-${PLATFORM_SCHEMA}`, 'g'), 'POSTGRES_DB:-other');
    expect(new Set(rulesAndServices(other))).toEqual(
      new Set(['default-disagrees db', 'default-disagrees db-roles', 'default-disagrees migrate', 'default-disagrees seed', 'default-disagrees api']),
    );
    expect(rulesAndServices(findings('${DB_PORT:-5432}', '${DB_PORT:-5433}'))).toEqual(['default-disagrees db']);
  });
});

describe('checkProductionOverride', () => {
  const base = parseCompose('services:\n  api:\n    environment: { SMTP_URL: "${SMTP_URL:-smtp://mail:1025}", LOG_LEVEL: warn }\n');

  it('flags a variable of the base that still calls the mail catcher in production', () => {
    const silent = parseCompose('services:\n  api:\n    environment: { LOG_LEVEL: info }\n');
    expect(checkProductionOverride(base, silent).map(({ rule, service }) => `${rule} ${service}`)).toEqual(['development-service-in-production api']);
    const stillThere = parseCompose('services:\n  api:\n    environment: { SMTP_URL: "smtp://mail:1025" }\n');
    expect(checkProductionOverride(base, stillThere)).toHaveLength(1);
  });

  it('accepts an override that points it elsewhere', () => {
    const real = parseCompose('services:\n  api:\n    environment: { SMTP_URL: "${SMTP_URL:-}" }\n');
    expect(checkProductionOverride(base, real)).toEqual([]);
  });

  describe("publishes only the edge's ports", () => {
    const withPorts = parseCompose('services:\n  api:\n    ports: ["127.0.0.1:4000:4000"]\n  mail:\n    profiles: [dev]\n    ports: ["8025:8025"]\n');
    const edge = '  edge:\n    ports: ["${EDGE_HTTP_PORT:-80}:80", "${EDGE_HTTPS_PORT:-443}:443"]\n';
    const check = (override: string) =>
      checkProductionOverride(withPorts, parseCompose(`services:\n${override}`)).map(
        ({ rule, service, message }) => `${rule} ${service}: ${message}`,
      );

    it('flags a development port left in production: Compose merges port lists', () => {
      expect(check(edge)).toEqual([
        "published-outside-edge api: publishes 127.0.0.1:4000:4000 in production, where only the edge's ports are published; add `ports: !reset []` to it in the production override",
      ]);
      expect(check(`  api:\n    ports: ["9000:4000"]\n${edge}`)).toHaveLength(1);
    });

    it('accepts ports reset or replaced in the override, and leaves out services in a profile', () => {
      expect(check(`  api:\n    ports: !reset []\n${edge}`)).toEqual([]);
      expect(check(`  api:\n    ports: !override []\n${edge}`)).toEqual([]);
    });

    it("flags an edge port besides EDGE's two", () => {
      expect(check(`  api:\n    ports: !reset []\n  edge:\n    ports: ["\${EDGE_HTTPS_PORT:-443}:443", "127.0.0.1:2019:2019"]\n`)).toEqual([
        "published-outside-edge edge: publishes 127.0.0.1:2019:2019 in production, where only the edge's ports are published; publish only ${EDGE_HTTP_PORT:-80}:80 and ${EDGE_HTTPS_PORT:-443}:443",
      ]);
    });
  });
});

describe('interpolate', () => {
  it('follows compose: defaults, empty values, required variables', () => {
    const env = { SET: 'value', EMPTY: '' };
    expect(interpolate('${SET}/${MISSING}', env)).toBe('value/');
    expect(interpolate('${MISSING:-fallback} ${EMPTY:-fallback} [${EMPTY-unused}]', env)).toBe('fallback fallback []');
    expect(interpolate('${MISSING:?needed} ${SET:?needed}', env)).toBe('${MISSING:?needed} value');
  });
});
