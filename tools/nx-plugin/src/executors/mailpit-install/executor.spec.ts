import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, muteLogger } from '../shared/testing';

const stack = vi.hoisted(() => ({ mailpit: vi.fn() }));
vi.mock('@coaching/tool-cache', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/tool-cache')>()),
  mailpit: stack.mailpit,
}));

import mailpitInstallExecutor from './executor';

describe('mailpit-install', () => {
  beforeEach(() => {
    muteLogger();
    stack.mailpit.mockReset();
  });

  it('installs Mailpit (or finds it installed) and says where it is', async () => {
    stack.mailpit.mockResolvedValue('/cache/coaching-platform/mailpit-v1.33.1/mailpit');

    expect(await mailpitInstallExecutor({}, executorContext())).toEqual({ success: true });
    expect(logger.info).toHaveBeenCalledWith('Mailpit: /cache/coaching-platform/mailpit-v1.33.1/mailpit');
  });

  it('fails in one line, with what to install, when Go is missing', async () => {
    stack.mailpit.mockRejectedValue(new Error("installing Mailpit (the Rust tests' mail catcher) needs Go"));

    expect(await mailpitInstallExecutor({}, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith("mailpit-install failed: installing Mailpit (the Rust tests' mail catcher) needs Go");
  });
});
