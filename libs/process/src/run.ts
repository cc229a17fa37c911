import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { execa, ExecaError } from 'execa';

/**
 * The one place that starts processes. Every spawn names its directory: Nx may be started anywhere, so
 * `process.cwd()` is never a safe default.
 */
export interface RunOptions {
  cwd: string;
  /** Added to the inherited environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** `capture` (default) returns the output; `inherit` shows it live (long builds) and lets the user type (psql). */
  stdio?: 'capture' | 'inherit';
  /** Feed this file to the command's standard input. */
  inputFile?: string;
  /** Feed this text to the command's standard input (secrets that must not appear on a command line). */
  input?: string;
  /** Write the command's standard output to this file instead (binary-safe: dumps). */
  outputFile?: string;
  /** Called with each piece of standard output and error as it comes (long builds: progress, a log file). */
  onOutput?: (text: string) => void;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** A command that could not be started or that exited unsuccessfully. */
export class RunError extends Error {
  override readonly name = 'RunError';

  constructor(
    message: string,
    readonly command: string,
    /** Undefined when the process never ran (see `code`) or was killed by a signal. */
    readonly exitCode: number | undefined,
    readonly stderr: string,
    /** System error code when spawning failed, e.g. `ENOENT` for a program that is not installed. */
    readonly code: string | undefined,
    /** What it printed on standard output before failing (a checker's findings). */
    readonly stdout = '',
  ) {
    super(message);
  }
}

/** Runs `file` with `args` (no shell) and returns its trimmed output; throws `RunError` on failure. */
export async function run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const inherit = options.stdio === 'inherit';
  try {
    const child = execa(file, args, {
      cwd: options.cwd,
      env: options.env,
      // Captured commands are never interactive; an open stdin could only make a child hang.
      stdin: options.inputFile ? { file: options.inputFile } : options.input !== undefined ? 'pipe' : inherit ? 'inherit' : 'ignore',
      input: options.input,
      stdout: options.outputFile ? { file: options.outputFile } : inherit ? 'inherit' : 'pipe',
      stderr: inherit ? 'inherit' : 'pipe',
    });
    if (options.onOutput) {
      const listener = (chunk: Buffer) => options.onOutput?.(chunk.toString('utf8'));
      child.stdout?.on('data', listener);
      child.stderr?.on('data', listener);
    }
    const { stdout, stderr } = await child;
    return { stdout: typeof stdout === 'string' ? stdout : '', stderr: typeof stderr === 'string' ? stderr : '' };
  } catch (error) {
    if (!(error instanceof ExecaError)) throw error;
    const stderr = typeof error.stderr === 'string' ? error.stderr : '';
    throw new RunError(
      stderr ? `${error.shortMessage}\n${stderr}` : error.shortMessage,
      error.command,
      error.exitCode,
      stderr,
      error.code,
      typeof error.stdout === 'string' ? error.stdout : '',
    );
  }
}

/**
 * Starts a long-running program in the background, detached from this process so it outlives it, with stdout
 * and stderr appended to `logFile`. Returns its pid.
 */
export function startDetached(file: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; logFile: string }): number {
  const log = openSync(options.logFile, 'a');
  try {
    // Node's own spawn: the log's file descriptor goes to the child as is, nothing stays piped through us.
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log] });
    child.on('error', () => {});
    child.unref();
    if (child.pid === undefined) throw new RunError(`cannot start ${file}`, file, undefined, '', 'ENOENT');
    return child.pid;
  } finally {
    closeSync(log);
  }
}
