import { describe, expect, it, vi } from 'vitest';
import type { PlatformSettings } from '@coaching/platform-model';
import { silentReporter } from '@coaching/process';
import type { DatabaseTools } from './runtime';
import { migrateAndSeed } from './migrate-and-seed';

function tools(api: DatabaseTools['api'] = async () => {}): DatabaseTools & { api: ReturnType<typeof vi.fn> } {
  return { api: vi.fn(api) } as unknown as DatabaseTools & { api: ReturnType<typeof vi.fn> };
}

describe('migrateAndSeed', () => {
  it('migrates, then loads the demo data in development', async () => {
    const database = tools();
    await migrateAndSeed(database, { runtimeEnv: 'development' } as PlatformSettings, silentReporter);
    expect(database.api.mock.calls).toEqual([[['migrate', 'up']], [['seed']]]);
  });

  it('only migrates in production', async () => {
    const database = tools();
    await migrateAndSeed(database, { runtimeEnv: 'production' } as PlatformSettings, silentReporter);
    expect(database.api.mock.calls).toEqual([[['migrate', 'up']]]);
  });

  it('seeds nothing when a migration fails', async () => {
    const database = tools(async (args) => {
      if (args[0] === 'migrate') throw new Error('migration m2 failed');
    });
    await expect(migrateAndSeed(database, { runtimeEnv: 'development' } as PlatformSettings, silentReporter)).rejects.toThrow('migration m2 failed');
    expect(database.api).toHaveBeenCalledTimes(1);
  });
});
