import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localUrl, PLATFORM_SCHEMA } from '@coaching/platform-model';
import { run } from '@coaching/process';
import { freePorts } from '@coaching/runtime';
import { Mailbox, nx, platformTargets, sendTestMail, settingsWith } from '@coaching/testing';
import { POSTGRES_CLIENT, postgresClientProgram } from '@coaching/tool-cache';

/** What the machine has besides Node.js and Rust: a shell, tar and gzip; as root, what runs PostgreSQL as another user. */
const SYSTEM_TOOLS = ['sh', 'tar', 'gzip', ...(process.getuid?.() === 0 ? ['id', 'runuser', 'useradd'] : [])];

/**
 * `npm start` (`nx run platform:up`, natively) and `make backup` (`nx run db:backup`) on a machine with Node.js and
 * Rust only: a PATH of nothing else (no Go, no Python, no PostgreSQL program), an empty tool cache, the apps' release
 * binaries already built (as the e2e target's build leaves them).
 */
describe('the native platform on a machine with Node.js and Rust only', () => {
  let folder: string;
  let env: Record<string, string>;
  const platform = platformTargets('native', () => env);

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'node-and-rust-only-'));
    // As root, PostgreSQL runs as another user, which must be able to enter this folder.
    chmodSync(folder, 0o755);
    const bin = join(folder, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    for (const program of ['cargo', 'rustc', ...SYSTEM_TOOLS]) {
      symlinkSync((await run('sh', ['-c', `command -v ${program}`], { cwd: workspaceRoot })).stdout.trim(), join(bin, program));
    }
    env = {
      ...(await freePorts()),
      PATH: bin,
      XDG_CACHE_HOME: join(folder, 'cache'),
      PLATFORM_DATA_DIR: join(folder, 'data'),
      BACKUP_DIR: join(folder, 'backups'),
      // Nor a folder of client tools named by hand.
      PG_CLIENT_DIR: '',
    };
  });

  afterAll(async () => {
    await platform('down', '--volumes', '--yes');
    rmSync(folder, { recursive: true, force: true });
  });

  it('has no Go, Python or PostgreSQL client on its PATH', async () => {
    const found = await run('sh', ['-c', 'for program in go python3 python pg_dump pg_restore psql; do command -v "$program"; done; true'], {
      cwd: workspaceRoot,
      env: { PATH: env['PATH'] },
    });
    expect(found.stdout).toBe('');
  });

  it('starts, and its mail catcher takes mail and shows it', async () => {
    const up = await platform('up', '--no-build');
    expect(up.ok, up.output).toBe(true);
    expect(up.output).toMatch(/mail\s+running\s+ready/);
    expect(up.output).toMatch(/web\s+running\s+ready/);

    const settings = settingsWith(env);
    const mail = { from: settings.mail.from, to: 'coachee@example.com', subject: 'Caught without Go', text: 'Hello' };
    await sendTestMail(settings.ports.smtp, mail);
    expect((await new Mailbox(localUrl(settings, 'mail')).messageTo(mail.to)).subject).toBe(mail.subject);
  });

  it("backs up with PostgreSQL's client tools, which it installs into the empty tool cache", async () => {
    const backup = await nx(['run', 'db:backup', '--runtime=native'], env);
    expect(backup.ok, backup.output).toBe(true);
    expect(backup.output).toContain(`Installed ${POSTGRES_CLIENT.title}.`);
    const file = /Backed up \S+ to (\S+\.dump)/.exec(backup.output)?.[1];
    expect(file, backup.output).toBeDefined();

    // A real pg_dump archive, as the installed pg_restore reads it: the demo data's tables.
    const pgRestore = postgresClientProgram('pg_restore', env);
    expect(existsSync(pgRestore)).toBe(true);
    const listing = await run(pgRestore, ['--list', file!], { cwd: workspaceRoot });
    expect(listing.stdout).toContain(`TABLE DATA ${PLATFORM_SCHEMA} users`);
  });
});
