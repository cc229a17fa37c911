import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { Refusal } from '@coaching/use-cases';
import { executor } from './executor';
import { executorContext, muteLogger } from './testing';

describe('executor', () => {
  beforeEach(() => muteLogger());

  it('succeeds unless the body says false', async () => {
    expect(await executor('demo', async () => {})({}, executorContext())).toEqual({ success: true });
    expect(await executor('demo', async () => true)({}, executorContext())).toEqual({ success: true });
    expect(await executor('demo', async () => false)({}, executorContext())).toEqual({ success: false });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('prints a refusal as it is', async () => {
    const run = executor('demo', async () => {
      throw new Refusal('demo refuses with RUNTIME_ENV=production.');
    });

    expect(await run({}, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('demo refuses with RUNTIME_ENV=production.');
  });

  it('prints an expected failure in one line, without a stack', async () => {
    const run = executor('demo', async () => {
      throw new Error('port 4000 (api) is already in use');
    });

    expect(await run({}, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('demo failed: port 4000 (api) is already in use');
  });

  it('prints the stack of a bug', async () => {
    const run = executor<{ missing?: { name: string } }>('demo', async (options) => {
      logger.info(options.missing!.name);
    });

    expect(await run({}, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(expect.stringMatching(/^demo failed: TypeError: .*\n\s+at /));
  });
});
