import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, RunError } from '@coaching/process';

const workspaceRoot = join(__dirname, '..', '..');
const unitsDir = join(workspaceRoot, 'deploy', 'systemd');
const UNITS = ['coaching-platform.service', 'coaching-platform-backup.service', 'coaching-platform-backup.timer', 'coaching-platform-alert@.service'];
/** systemd-analyze verifies instances, not templates: the alert template as the OnFailure= lines start it. */
const ALERT_INSTANCE = 'coaching-platform-alert@coaching-platform-backup.service.service';

/**
 * What `systemd-analyze verify` says about the units in `folder` (all together: the timer needs its service, the
 * services their failure hook, checked as one of its instances). Its exit code fails only for a missing command or an unusable unit; a misspelt key or a value it
 * cannot parse is a warning it ignores, so any word on stderr counts as a failure too.
 */
async function verify(folder: string): Promise<string> {
  try {
    // In a folder of their own: the instance is a copy of the template under its name.
    const checked = mkdtempSync(join(tmpdir(), 'systemd-verify-'));
    for (const unit of UNITS) copyFileSync(join(folder, unit), join(checked, unit.endsWith('@.service') ? ALERT_INSTANCE : unit));
    const units = UNITS.map((unit) => (unit.endsWith('@.service') ? ALERT_INSTANCE : unit));
    const { stderr } = await run('systemd-analyze', ['verify', ...units.map((unit) => join(checked, unit))], { cwd: checked }).finally(() =>
      rmSync(checked, { recursive: true, force: true }),
    );
    return stderr.trim();
  } catch (error) {
    if (error instanceof RunError) return error.message;
    throw error;
  }
}

/** The `npx nx run <project>:<target> <args>` of each ExecStart and ExecStop line of `unit`. */
function nxCommands(unit: string): { project: string; target: string; args: string[] }[] {
  const text = readFileSync(join(unitsDir, unit), 'utf8');
  return [...text.matchAll(/^Exec(?:Start|Stop)=\/usr\/bin\/env npx nx run ([\w-]+):([\w-]+)(.*)$/gm)].map(([, project, target, args]) => ({
    project,
    target,
    args: args.split(' ').filter(Boolean),
  }));
}

describe('the systemd units in deploy/systemd', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'systemd-units-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A copy of the units in a folder of its own, `unit` changed by `edit`. */
  function brokenCopy(unit: string, edit: (text: string) => string): string {
    const folder = mkdtempSync(join(scratch, 'broken-'));
    for (const name of UNITS) copyFileSync(join(unitsDir, name), join(folder, name));
    const text = readFileSync(join(folder, unit), 'utf8');
    const edited = edit(text);
    expect(edited, 'the edit changed the unit').not.toBe(text);
    writeFileSync(join(folder, unit), edited);
    return folder;
  }

  it('are the four the docs install', () => {
    expect(readdirSync(unitsDir).sort()).toEqual([...UNITS].sort());
  });

  it('pass systemd-analyze verify without a word', async () => {
    expect(await verify(unitsDir)).toBe('');
  });

  it('would fail the check with a misspelt key, a bad timer or a missing command', async () => {
    const misspelt = brokenCopy('coaching-platform.service', (text) => text.replace('RemainAfterExit=yes', 'RemainAfterExits=yes'));
    expect(await verify(misspelt)).toContain("Unknown key 'RemainAfterExits'");
    const badTimer = brokenCopy('coaching-platform-backup.timer', (text) => text.replace(/^OnCalendar=.*$/m, 'OnCalendar=every night'));
    expect(await verify(badTimer)).toContain('Failed to parse calendar specification');
    const missing = brokenCopy('coaching-platform-backup.service', (text) => text.replace('/usr/bin/env', '/usr/bin/no-such-env'));
    expect(await verify(missing)).toContain('/usr/bin/no-such-env');
  });

  it('run Nx targets that exist: up and down (keeping the data) at boot, a backup keeping 14 at night, an alert on failure', () => {
    const targets = (project: string) =>
      Object.keys((JSON.parse(readFileSync(join(workspaceRoot, 'apps', project, 'project.json'), 'utf8')) as { targets: object }).targets);
    const platform = nxCommands('coaching-platform.service');
    const backup = nxCommands('coaching-platform-backup.service');
    const alert = nxCommands('coaching-platform-alert@.service');

    for (const command of [...platform, ...backup, ...alert]) expect(targets(command.project)).toContain(command.target);
    expect(alert).toEqual([{ project: 'platform', target: 'alert', args: ['%i'] }]);
    for (const unit of ['coaching-platform.service', 'coaching-platform-backup.service']) {
      expect(readFileSync(join(unitsDir, unit), 'utf8'), unit).toMatch(/^OnFailure=coaching-platform-alert@%n\.service$/m);
    }
    expect(platform.map(({ target }) => target)).toEqual(['up', 'down']);
    expect(platform[1].args).not.toContain('--volumes');
    expect(backup).toEqual([{ project: 'db', target: 'backup', args: ['--keep', '14'] }]);
  });
});
