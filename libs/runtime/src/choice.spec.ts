import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { chooseRuntime, dockerDatabaseVolume, forgetRuntime, recordedRuntime, recordFirstRuntime, recordRuntime, type ChoiceFacts } from './choice';
import { readSettings } from './settings';

const workspaceRoot = join(__dirname, '..', '..', '..');

const facts = (overrides: Partial<ChoiceFacts>): ChoiceFacts => ({
  recorded: undefined,
  recordFile: '.data/runtime',
  dockerAnswers: true,
  dockerVolume: 'coaching_postgres_data',
  held: {},
  ...overrides,
});

describe('chooseRuntime', () => {
  it('with nothing recorded and no data anywhere, picks docker when an engine answers, native otherwise', () => {
    expect(chooseRuntime(facts({}))).toEqual({ name: 'docker', reason: 'a Docker engine with Compose answers; --runtime=native runs without it' });
    expect(chooseRuntime(facts({ dockerAnswers: false }))).toEqual({
      name: 'native',
      reason: 'no Docker engine answers; --runtime=docker needs one',
    });
  });

  it('keeps to the runtime holding the data, although Docker answers now', () => {
    expect(chooseRuntime(facts({ held: { native: '.data/postgres' } }))).toEqual({
      name: 'native',
      reason: "it holds the platform's data: .data/postgres; --runtime=docker starts a separate platform",
    });
  });

  it('keeps to the recorded runtime and names the data the other one holds', () => {
    const held = { native: '.data/postgres', docker: 'volume coaching_postgres_data' };
    expect(chooseRuntime(facts({ recorded: 'native', held }))).toEqual({
      name: 'native',
      reason:
        "it holds the platform's data: .data/postgres; --runtime=docker starts a separate platform; " +
        'the docker runtime holds other data (volume coaching_postgres_data), left as it is',
    });
    expect(chooseRuntime(facts({ held })).name).toBe('docker');
    expect(chooseRuntime(facts({ recorded: 'docker', held: {} })).reason).toBe(
      'it was chosen when the platform first started (.data/runtime); --runtime=native starts a separate platform',
    );
  });

  it('stops, rather than start an empty native platform, when the data is in Docker and no engine answers', () => {
    expect(() => chooseRuntime(facts({ recorded: 'docker', dockerAnswers: false, held: {} }))).toThrow(
      "The platform's data is in Docker (volume coaching_postgres_data; recorded in .data/runtime), but no Docker engine answers: " +
        'start Docker Desktop or the docker service and run this again. (--runtime=native starts a separate, empty platform instead.)',
    );
  });
});

describe('the recorded runtime', () => {
  it('is kept by the first runtime to record it, replaced by recordRuntime, forgotten only for its own runtime', async () => {
    const root = mkdtempSync(join(tmpdir(), 'choice-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const current = readSettings(workspaceRoot, { PLATFORM_DATA_DIR: join(root, '.data') });
    expect(recordedRuntime(current)).toBeUndefined();
    await recordFirstRuntime(current, 'docker');
    await recordFirstRuntime(current, 'native');
    expect(recordedRuntime(current)).toBe('docker');
    await recordRuntime(current, 'native');
    expect(readFileSync(join(current.dataDir, 'runtime'), 'utf8')).toBe('native\n');
    await forgetRuntime(current, 'docker');
    expect(recordedRuntime(current)).toBe('native');
    await forgetRuntime(current, 'native');
    expect(existsSync(join(current.dataDir, 'runtime'))).toBe(false);
  });
});

describe('dockerDatabaseVolume', () => {
  it("is the Compose project's volume that the db service mounts", async () => {
    const settings = readSettings(workspaceRoot, { COMPOSE_PROJECT_NAME: 'coaching' });
    expect(await dockerDatabaseVolume(workspaceRoot, settings)).toBe('coaching_postgres_data');
  });
});
