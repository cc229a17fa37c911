import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '@coaching/process';

const workspaceRoot = join(__dirname, '..', '..');

describe('the Makefile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'makefile-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  // Stands in for `npx nx`: prints the arguments it received, one JSON array.
  const printArgs = join(folder, 'print-args.js');
  writeFileSync(printArgs, 'process.stdout.write(JSON.stringify(process.argv.slice(2)))');
  const marker = join(folder, 'executed');
  const payload = `$(touch ${marker}) \`touch ${marker}\` $(shell touch ${marker}) "; touch ${marker}; "`;

  /** The arguments `make <target> <variables>` hands to Nx. */
  async function nxArgs(target: string, variables: Record<string, string> = {}): Promise<string[]> {
    const assignments = Object.entries(variables).map(([name, value]) => `${name}=${value}`);
    const make = await run('make', ['-s', '--no-print-directory', target, `NX=${process.execPath} ${printArgs}`, ...assignments], {
      cwd: workspaceRoot,
    });
    return JSON.parse(make.stdout) as string[];
  }

  it('hands Nx a psql command with semicolons, both quotes and spaces as one argument', async () => {
    const command = `SELECT 1; SELECT 'a b' AS "the name"`;
    expect(await nxArgs('psql', { command })).toEqual(['run', 'db:psql', `--command=${command}`, '--tui=false']);
    expect(await nxArgs('psql')).toEqual(['run', 'db:psql', '--tui=false']);
  });

  it('hands Nx a backup path with a space as one argument', async () => {
    expect(await nxArgs('restore', { file: 'backups/my copy.dump' })).toEqual(['run', 'db:restore', 'backups/my copy.dump', '--tui=false']);
  });

  it('hands Nx the number of backups to keep only when given', async () => {
    expect(await nxArgs('backup', { keep: '7' })).toEqual(['run', 'db:backup', '--keep=7']);
    expect(await nxArgs('backup')).toEqual(['run', 'db:backup']);
  });

  it('starts the production stack and creates its secrets through their Nx targets', async () => {
    expect(await nxArgs('up-production')).toEqual(['run', 'platform:up', '--production']);
    expect(await nxArgs('secrets')).toEqual(['run', 'platform:secrets']);
  });

  it('moves to the newest release, or to the version given', async () => {
    expect(await nxArgs('upgrade')).toEqual(['run', 'platform:upgrade', '--tui=false']);
    expect(await nxArgs('upgrade', { version: '1.4.0' })).toEqual(['run', 'platform:upgrade', '--release=1.4.0', '--tui=false']);
  });

  it('hands Nx an admin email and a name with spaces and quotes as one argument each', async () => {
    const name = `Ada "Countess" O'Lovelace`;
    expect(await nxArgs('admin', { email: 'ada@example.com', name })).toEqual([
      'run',
      'platform:admin',
      '--email=ada@example.com',
      `--name=${name}`,
      '--tui=false',
    ]);
  });

  it('makes a super admin only for super_admin=1 or yes, and refuses any other value', async () => {
    expect(await nxArgs('admin', { email: 'a@example.com', name: 'A', super_admin: '1' })).toContain('--super-admin');
    expect(await nxArgs('admin', { email: 'a@example.com', name: 'A', super_admin: 'yes' })).toContain('--super-admin');
    expect(await nxArgs('admin', { email: 'a@example.com', name: 'A' })).not.toContain('--super-admin');
    for (const value of ['0', 'no', 'true']) {
      await expect(nxArgs('admin', { email: 'a@example.com', name: 'A', super_admin: value })).rejects.toThrow(
        `make admin: super_admin=${value} is not understood: super_admin=1 (or yes) makes a super admin; leave it out for an ordinary account`,
      );
    }
  });

  it('runs nothing a value holds, passing it on as text', async () => {
    expect(await nxArgs('psql', { command: payload })).toEqual(['run', 'db:psql', `--command=${payload}`, '--tui=false']);
    expect(await nxArgs('restore', { file: payload })).toEqual(['run', 'db:restore', payload, '--tui=false']);
    expect(await nxArgs('logs', { service: payload })).toEqual(['run', 'platform:logs', payload]);
    expect(await nxArgs('backup', { keep: payload })).toEqual(['run', 'db:backup', `--keep=${payload}`]);
    expect(await nxArgs('upgrade', { version: payload })).toEqual(['run', 'platform:upgrade', `--release=${payload}`, '--tui=false']);
    expect(await nxArgs('admin', { email: payload, name: payload, super_admin: '1' })).toEqual([
      'run',
      'platform:admin',
      `--email=${payload}`,
      `--name=${payload}`,
      '--super-admin',
      '--tui=false',
    ]);
    await expect(nxArgs('admin', { email: 'a@example.com', name: 'A', super_admin: payload })).rejects.toThrow('is not understood');
    expect(existsSync(marker)).toBe(false);
  });
});
