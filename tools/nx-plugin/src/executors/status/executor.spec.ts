import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PLATFORM_SCHEMA } from '@coaching/platform-model';
import { fakeRuntime } from '@coaching/runtime/testing';
import { executorContext, muteLogger, opened, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import statusExecutor from './executor';

describe('status', () => {
  beforeEach(() => muteLogger());

  it('prints one row per service with its state, health, release and URL', async () => {
    openWith();

    expect(await statusExecutor({}, executorContext())).toEqual({ success: true });
    expect(logger.info).toHaveBeenCalledWith(
      [
        'SERVICE  STATE    HEALTH  VERSION  URL',
        `db       running  ready   -        postgres://refactor@localhost:5432/${PLATFORM_SCHEMA}`,
        'mail     running  ready   -        http://localhost:8025',
        'api      running  ready   1.2.3    http://localhost:4000',
        'web      running  ready   1.2.3    http://localhost:8080',
      ].join('\n'),
    );
  });

  it('says how much mail waits and how much was given up on, as the api counts it', async () => {
    openWith();
    const printed = 'mail waiting to be sent: 0\nmail given up on (dead): 2\n';
    vi.mocked(opened.runtime.database.apiOutput).mockResolvedValue(printed);

    expect(await statusExecutor({}, executorContext())).toEqual({ success: true });
    expect(opened.runtime.database.apiOutput).toHaveBeenCalledWith(['outbox', 'status']);
    expect(logger.info).toHaveBeenLastCalledWith('\nmail waiting to be sent: 0\nmail given up on (dead): 2');
  });

  it('says what the other runtime runs too, and how to stop it (auto)', async () => {
    openWith();
    opened.alsoRunning = { runtime: fakeRuntime({ name: 'native' }), services: ['api', 'web'] };

    expect(await statusExecutor({}, executorContext())).toEqual({ success: true });
    expect(logger.info).toHaveBeenLastCalledWith('\nAlso running natively: api, web; stop with npx nx run platform:down --runtime=native');
  });
});
