import { existsSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Reporter } from '@coaching/process';

/** A program installed once per machine outside the clone, into its own folder per version. */
export interface CachedTool {
  /** Its name and version as messages show them, e.g. `Mailpit v1.33.1`. */
  title: string;
  /** Its folder under the cache, e.g. `mailpit-v1.33.1`: a new version gets a new folder. */
  folder: string;
  /** The program to run, relative to its folder. */
  command: string;
  /** How the first install happens and how long it takes, for the message, e.g. `with go install, ~5 min`. */
  how: string;
  /** Installs into `home` (an empty folder). */
  install(home: string): Promise<void>;
}

/** `${XDG_CACHE_HOME:-~/.cache}/coaching-platform`: the tools every clone on this machine shares. */
export function toolCacheDir(environment: NodeJS.ProcessEnv = process.env): string {
  return join(environment['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'coaching-platform');
}

/** The folder `tool` is (or will be) installed in. */
export function toolHome(tool: CachedTool, environment: NodeJS.ProcessEnv = process.env): string {
  return join(toolCacheDir(environment), tool.folder);
}

/** Written last by an install: a folder without it is an interrupted install, started again from scratch. */
function installedMark(tool: CachedTool, environment: NodeJS.ProcessEnv = process.env): string {
  return join(toolHome(tool, environment), 'installed');
}

/** Whether an earlier run installed `tool` on this machine. */
export function isInstalled(tool: CachedTool, environment: NodeJS.ProcessEnv = process.env): boolean {
  return existsSync(installedMark(tool, environment));
}

/** The tool's program, installed first unless an earlier run did; every later run on this machine reuses it. */
export async function installedTool(tool: CachedTool, reporter: Reporter): Promise<string> {
  const home = toolHome(tool);
  const command = join(home, tool.command);
  if (isInstalled(tool)) return command;

  await withInstallLock(home, reporter, async () => {
    // Another process (a second clone's tests, a parallel task) may have installed it while this one waited.
    if (isInstalled(tool)) return;
    reporter.progress(`Installing ${tool.title} into ${home} (${tool.how}; once per machine)...`);
    await rm(home, { recursive: true, force: true });
    await mkdir(home, { recursive: true });
    await tool.install(home);
    await writeFile(installedMark(tool), `${tool.title}\n`);
    reporter.info(`Installed ${tool.title}.`);
  });
  return command;
}

/** A lock older than this is left from an install that was killed: no install takes half an hour. */
const STALE_LOCK_MS = 30 * 60_000;

/**
 * Runs `install` while holding `<home>.lock` (a directory: creating one is atomic), so two processes on this machine
 * never install into the same folder at once and one does not delete what the other is writing.
 */
async function withInstallLock(home: string, reporter: Reporter, install: () => Promise<void>): Promise<void> {
  const lock = `${home}.lock`;
  await mkdir(dirname(lock), { recursive: true });
  for (let waited = false; ; waited = true) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else if (!waited) reporter.progress(`Waiting for another process installing into ${home}...`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    await install();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
