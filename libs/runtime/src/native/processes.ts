import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, startDetached } from '@coaching/process';

/** A program the registry starts: `binary` with `args`, a new release of it told by the digest of `release`. */
export interface Program {
  binary: string;
  args: readonly string[];
  /** The file that changes with each release: an app's binary; for a program run by Node, its package.json. */
  release: string;
}

/** What the registry remembers about a program it started. */
interface Started {
  pid: number;
  binary: string;
  /** Absent from records written before programs had arguments. */
  args?: readonly string[];
  /** The SHA-256 of the program's `release` file when it started: `up` replaces the process once the file differs. */
  digest: string;
  startedAt: string;
}

export type ProcessState =
  | { state: 'stopped' }
  | { state: 'running'; pid: number; digest: string }
  /** Started by us, but no longer running: it exited or was killed. */
  | { state: 'crashed'; pid: number };

/**
 * Background programs started by the native runtime, each recorded in `<runDir>/<name>.json`. Before signalling
 * a pid it checks that the process is still the program it started, so a recycled pid is never killed.
 */
export class ProcessRegistry {
  constructor(
    private readonly runDir: string,
    private readonly logsDir: string,
    private readonly workspaceRoot: string,
  ) {}

  logFile(name: string): string {
    return join(this.logsDir, `${name}.log`);
  }

  /** The last `count` lines of the program's log; empty when it wrote none. */
  async logTail(name: string, count: number): Promise<string> {
    const text = await readFile(this.logFile(name), 'utf8').catch(() => '');
    return text.trimEnd().split('\n').slice(-count).join('\n');
  }

  async start(name: string, { binary, args, release }: Program, env: Record<string, string>): Promise<number> {
    const digest = await fileDigest(release);
    const pid = startDetached(binary, args, { cwd: this.workspaceRoot, env, logFile: this.logFile(name) });
    const record: Started = { pid, binary, args, digest, startedAt: new Date().toISOString() };
    await writeFile(this.recordFile(name), `${JSON.stringify(record, null, 2)}\n`);
    return pid;
  }

  async state(name: string): Promise<ProcessState> {
    const record = await this.record(name);
    if (!record) return { state: 'stopped' };
    return (await isSameProgram(record, this.workspaceRoot))
      ? { state: 'running', pid: record.pid, digest: record.digest }
      : { state: 'crashed', pid: record.pid };
  }

  /** Stops the program if it is still ours and running (SIGTERM, then SIGKILL after `graceMs`), and forgets it. */
  async stop(name: string, graceMs = 10_000): Promise<void> {
    const record = await this.record(name);
    if (record && (await isSameProgram(record, this.workspaceRoot))) {
      process.kill(record.pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && isAlive(record.pid)) await sleep(100);
      if (isAlive(record.pid)) process.kill(record.pid, 'SIGKILL');
    }
    await rm(this.recordFile(name), { force: true });
  }

  private recordFile(name: string): string {
    return join(this.runDir, `${name}.json`);
  }

  private async record(name: string): Promise<Started | undefined> {
    const file = this.recordFile(name);
    if (!existsSync(file)) return undefined;
    return JSON.parse(await readFile(file, 'utf8')) as Started;
  }
}

/** The SHA-256 of a file, hex: what tells a rebuilt binary from the one running. */
export async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `record.pid` is alive and still runs `record.binary` with its arguments (not a recycled pid: Node's own
 * processes all start with the same binary).
 */
async function isSameProgram(record: Started, workspaceRoot: string): Promise<boolean> {
  if (!isAlive(record.pid)) return false;
  const procCmdline = `/proc/${record.pid}/cmdline`;
  const commandLine = existsSync(procCmdline)
    ? readFileSync(procCmdline, 'utf8').split('\0').join(' ')
    : await run('ps', ['-o', 'args=', '-p', String(record.pid)], { cwd: workspaceRoot }).then(
        (result) => result.stdout,
        () => '',
      );
  // A zombie keeps its pid but has an empty command line.
  return commandLine.startsWith([record.binary, ...(record.args ?? [])].join(' '));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
