import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, RunError, startDetached } from './run';

const node = process.execPath;

describe('run', () => {
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'nx-plugin-run-')));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('returns the output of a command run in the given folder', async () => {
    const result = await run(node, ['-e', 'console.log(process.cwd()); console.error("note")'], { cwd: folder });

    expect(result).toEqual({ stdout: folder, stderr: 'note' });
  });

  it('passes extra environment variables', async () => {
    const { stdout } = await run(node, ['-e', 'process.stdout.write(process.env.GREETING)'], {
      cwd: folder,
      env: { GREETING: 'hello' },
    });

    expect(stdout).toBe('hello');
  });

  it('feeds text to standard input', async () => {
    const { stdout } = await run(node, ['-e', 'process.stdin.pipe(process.stdout)'], { cwd: folder, input: "secret; 'quoted'\n" });

    expect(stdout).toBe("secret; 'quoted'");
  });

  it('rejects with the exit code and stderr of a failing command', async () => {
    const failure = run(node, ['-e', 'console.error("boom"); process.exit(3)'], { cwd: folder });

    await expect(failure).rejects.toBeInstanceOf(RunError);
    await expect(failure).rejects.toMatchObject({ exitCode: 3, stderr: 'boom', message: expect.stringContaining('boom') });
  });

  it('rejects with ENOENT when the program is not installed', async () => {
    await expect(run('surely-not-an-installed-program', [], { cwd: folder })).rejects.toMatchObject({
      code: 'ENOENT',
      exitCode: undefined,
    });
  });
});

describe('startDetached', () => {
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'stack-detached-')));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('runs a program in the background with its output in a log file', async () => {
    const log = join(folder, 'out.log');
    const pid = startDetached(node, ['-e', 'console.log("from the background", process.env.ONLY)'], {
      cwd: folder,
      env: { ONLY: 'this' },
      logFile: log,
    });

    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => readFileSync(log, 'utf8'), { timeout: 5_000 }).toBe('from the background this\n');
  });
});
