import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How far a build says it is: cargo's progress bar, or the step of a Dockerfile stage BuildKit is at. */
export interface BuildStep {
  done: number;
  total: number;
  what: string;
}

/** `Building [=====>    ] 123/456: serde, tokio` (cargo with CARGO_TERM_PROGRESS_WHEN=always). */
const CARGO_STEP = /Building \[[ =>-]*\]\s+(\d+)\/(\d+)(?::\s*(.*))?/;
/** `#12 [build 5/9] RUN cargo build …` (BuildKit's plain progress). */
const BUILDKIT_STEP = /^#\d+ \[(?:[\w.-]+ )?(\d+)\/(\d+)\] (.*)$/;

/** The environment that makes cargo report its steps when its output is not a terminal. */
export const CARGO_PROGRESS_ENV = { CARGO_TERM_PROGRESS_WHEN: 'always', CARGO_TERM_PROGRESS_WIDTH: '100' };

/** The last step `text` reports, if any (cargo redraws its bar after a carriage return, not a newline). */
export function lastStep(text: string): BuildStep | undefined {
  let step: BuildStep | undefined;
  for (const line of text.split(/[\r\n]+/)) {
    const match = CARGO_STEP.exec(line) ?? BUILDKIT_STEP.exec(line.trim());
    if (match) step = { done: Number(match[1]), total: Number(match[2]), what: (match[3] ?? '').trim() };
  }
  return step;
}

/** `42 s`, `3 min 05 s`. */
export function elapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** The one line the display shows: what is built, for how long, and the step the build last reported. */
export function progressLine(title: string, ms: number, step: BuildStep | undefined): string {
  const what = step?.what && step.what.length > 40 ? `${step.what.slice(0, 39)}…` : step?.what;
  const at = step ? ` · step ${step.done}/${step.total}${what ? `: ${what}` : ''}` : '';
  return `${title} · ${elapsed(ms)}${at}`;
}

/** How often the line is printed again where it cannot be redrawn (CI logs, a pipe). */
const PLAIN_EVERY_MS = 30_000;
/** How many lines of the log a failure shows, from how much of its end. */
const FAILURE_LINES = 40;
const TAIL_CHARS = 16_000;

/**
 * Runs a long build (`build` gets the callback that receives its output) showing one line of progress instead of
 * its output: what is built, for how long, the steps it reports. The whole output goes to `logFile`. On a terminal
 * the line is redrawn every second; elsewhere it is printed every 30 s. A failure prints the log's last lines and
 * its path, then rethrows.
 */
export async function withProgress(
  title: string,
  logFile: string,
  build: (onOutput: (text: string) => void) => Promise<unknown>,
  out: NodeJS.WriteStream = process.stdout,
): Promise<void> {
  await mkdir(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const started = Date.now();
  let step: BuildStep | undefined;
  let tail = '';
  let shown = '';
  const show = () => {
    const line = progressLine(title, Date.now() - started, step);
    if (out.isTTY) out.write(`\r${line.padEnd(shown.length)}`);
    else out.write(`${line}\n`);
    shown = line;
  };
  show();
  const timer = setInterval(show, out.isTTY ? 1_000 : PLAIN_EVERY_MS);
  try {
    await build((text) => {
      log.write(text);
      tail = (tail + text).slice(-TAIL_CHARS);
      // A step line may arrive in two pieces: read it with what came just before.
      step = lastStep(tail.slice(-(text.length + 400))) ?? step;
    });
    show();
    if (out.isTTY) out.write('\n');
  } catch (error) {
    if (out.isTTY) out.write('\n');
    const lines = tail.split(/[\r\n]+/).filter((line) => line.trim() && !CARGO_STEP.test(line));
    out.write(`${lines.slice(-FAILURE_LINES).join('\n')}\n`);
    throw new Error(`${title} failed after ${elapsed(Date.now() - started)}: its last lines are above, all of it is in ${logFile}`, {
      cause: error,
    });
  } finally {
    clearInterval(timer);
    await new Promise((resolve) => log.end(resolve));
  }
}
