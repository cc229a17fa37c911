import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAgainstModel, checkCompose, checkProductionOverride, readCompose } from '@coaching/deployment';
import { composeEnvironment, DEFAULTS } from '@coaching/platform-model';
import { readSettings } from '@coaching/runtime';

const workspaceRoot = join(__dirname, '..', '..');

describe('the Compose files', () => {
  it('pass every check, run the platform the model describes, and production only adds to development', async () => {
    const env = composeEnvironment(readSettings(workspaceRoot, {}));
    for (const [file, production] of [
      ['compose.yaml', false],
      ['compose.production.yaml', true],
    ] as const) {
      const model = await readCompose(join(workspaceRoot, file));
      const findings = checkCompose(model, { network: 'coaching_network', production, override: production, env });
      expect(findings, file).toEqual([]);
    }
    expect(checkAgainstModel(await readCompose(join(workspaceRoot, 'compose.yaml')))).toEqual([]);
    const [base, production] = await Promise.all(['compose.yaml', 'compose.production.yaml'].map((file) => readCompose(join(workspaceRoot, file))));
    expect(checkProductionOverride(base, production)).toEqual([]);
    expect(env.POSTGRES_PASSWORD).toBe(DEFAULTS.POSTGRES_PASSWORD);
  });
});
