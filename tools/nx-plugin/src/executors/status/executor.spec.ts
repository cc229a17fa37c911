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
    expect(logger.info).toHaveBeenLastCalledWith(
      [
        'SERVICE  STATE    HEALTH  VERSION  URL',
        `db       running  ready   -        postgres://refactor@localhost:5432/${PLATFORM_SCHEMA}`,
        'mail     running  ready   -        http://localhost:8025',
        'api      running  ready   1.2.3    http://localhost:4000',
        'web      running  ready   1.2.3    http://localhost:8080',
      ].join('\n'),
    );
  });

  it('says what the other runtime runs too, and how to stop it (auto)', async () => {
    openWith();
    opened.alsoRunning = { runtime: fakeRuntime({ name: 'native' }), services: ['api', 'web'] };

    expect(await statusExecutor({}, executorContext())).toEqual({ success: true });
    expect(logger.info).toHaveBeenLastCalledWith('\nAlso running natively: api, web; stop with npx nx run platform:down --runtime=native');
  });
});
