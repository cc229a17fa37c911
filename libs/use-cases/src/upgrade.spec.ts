import { beforeEach, describe, expect, it, vi } from 'vitest';

const stack = vi.hoisted(() => ({
  workspaceVersion: vi.fn(),
  fetchReleases: vi.fn(),
  localChanges: vi.fn(),
  checkoutRelease: vi.fn(),
  changelogOf: vi.fn(),
  run: vi.fn(),
  runNx: vi.fn(),
}));
vi.mock('@coaching/deployment', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/deployment')>()),
  workspaceVersion: stack.workspaceVersion,
  fetchReleases: stack.fetchReleases,
  localChanges: stack.localChanges,
  checkoutRelease: stack.checkoutRelease,
  changelogOf: stack.changelogOf,
}));
vi.mock('@coaching/process', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/process')>()),
  run: stack.run,
  runNx: stack.runNx,
}));

import { upgrade, type UpgradeOptions } from './upgrade';

const CHANGELOG =
  '## 1.5.0 (2026-12-20)\n\n- Recurring sessions.\n\n## 1.4.1 (2026-12-10)\n\n- Agendas keep their order.\n\n## 1.4.0 (2026-12-01)\n\n- Agendas.\n';

describe('upgrade', () => {
  const reporter = { info: vi.fn(), warn: vi.fn(), progress: vi.fn() };
  /** The upgrade of the installation in /srv/coaching to `release`. */
  const upgradeTo = (release?: string, workspaceRoot = '/srv/coaching') =>
    upgrade({ workspaceRoot, release, reporter, openPlatform: vi.fn<UpgradeOptions['openPlatform']>() });

  beforeEach(() => {
    for (const mock of [...Object.values(stack), ...Object.values(reporter)]) mock.mockReset();
    stack.workspaceVersion.mockReturnValue('1.4.0');
    stack.fetchReleases.mockResolvedValue(['1.3.0', '1.4.0', '1.4.1', '1.5.0', '1.6.0-rc.1']);
    stack.localChanges.mockResolvedValue([]);
    stack.changelogOf.mockResolvedValue(CHANGELOG);
    stack.run.mockResolvedValue({ stdout: '', stderr: '' });
    stack.runNx.mockResolvedValue({ stdout: '', stderr: '' });
  });

  it('moves to the newest published release: its changelog since the running one, its checkout, then its own up', async () => {
    expect(await upgradeTo()).toBe('Now on release 1.5.0 (was 1.4.0).');

    expect(stack.checkoutRelease).toHaveBeenCalledWith('/srv/coaching', '1.5.0');
    expect(reporter.info).toHaveBeenCalledWith(expect.stringContaining('From 1.4.0 to 1.5.0, what changed'));
    const said = vi
      .mocked(reporter.info)
      .mock.calls.map(([line]) => String(line))
      .join('\n');
    expect(said).toContain('Recurring sessions.');
    expect(said).toContain('Agendas keep their order.');
    expect(said).not.toContain('- Agendas.\n');
    expect(stack.runNx).toHaveBeenCalledWith('/srv/coaching', ['run', 'platform:up', '--tui=false'], { stdio: 'inherit' });
    expect(vi.mocked(stack.checkoutRelease).mock.invocationCallOrder[0]).toBeLessThan(stack.runNx.mock.invocationCallOrder[0]);
  });

  it('refuses a version that is no version, and one that was never released', async () => {
    await expect(upgradeTo('latest')).rejects.toThrow('version=latest is not a release version such as 1.4.0');
    await expect(upgradeTo('9.9.9')).rejects.toThrow('There is no release 9.9.9; the newest: 1.6.0-rc.1, 1.5.0, 1.4.1, 1.4.0, 1.3.0.');
    expect(stack.checkoutRelease).not.toHaveBeenCalled();
  });

  it('refuses to move while tracked files have local changes, naming them', async () => {
    stack.localChanges.mockResolvedValue([' M docker/caddy/Caddyfile']);

    await expect(upgradeTo('1.4.1')).rejects.toThrow(
      'These files differ from release 1.4.0, and moving to 1.4.1 would carry or lose the changes:  M docker/caddy/Caddyfile',
    );
    expect(stack.checkoutRelease).not.toHaveBeenCalled();
  });

  it('says which release is checked out when its up fails, and how to go back', async () => {
    stack.runNx.mockRejectedValue(new Error('Command failed with exit code 1'));

    await expect(upgradeTo('1.4.1')).rejects.toThrow(
      'release 1.4.1 is checked out, but starting it failed (Command failed with exit code 1; its output is above, and make status shows what runs). Fix the cause and run make upgrade again, or go back: make upgrade version=1.4.0.',
    );
  });
});
