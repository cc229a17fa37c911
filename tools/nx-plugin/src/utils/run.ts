import { execa, ExecaError } from 'execa';

/** Every spawn names its directory: Nx may be started anywhere, so `process.cwd()` is never a safe default. */
export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
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
  ) {
    super(message);
  }
}

/** Runs `file` with `args` (no shell) and returns its trimmed output; throws `RunError` on failure. */
export async function run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execa(file, args, {
      cwd: options.cwd,
      env: options.env,
      // Nothing we run is interactive; an open stdin could only make a child hang.
      stdin: 'ignore',
    });
    return { stdout, stderr };
  } catch (error) {
    if (!(error instanceof ExecaError)) throw error;
    const stderr = typeof error.stderr === 'string' ? error.stderr : '';
    throw new RunError(
      stderr ? `${error.shortMessage}\n${stderr}` : error.shortMessage,
      error.command,
      error.exitCode,
      stderr,
      error.code,
    );
  }
}
