import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentReporter } from '@coaching/process';
import { installedTool, toolCacheDir, type CachedTool } from './cache';

describe('the tool cache', () => {
  let cacheHome: string;
  const saved = { XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] };
  beforeEach(async () => {
    cacheHome = await mkdtemp(join(tmpdir(), 'tool-cache-'));
    process.env['XDG_CACHE_HOME'] = cacheHome;
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    vi.restoreAllMocks();
    await rm(cacheHome, { recursive: true, force: true });
  });

  /** A tool whose install writes its program and counts the installs. */
  function tool(): CachedTool & { installs: number } {
    return {
      installs: 0,
      title: 'Example 1.0',
      folder: 'example-1.0',
      command: 'example',
      how: 'by hand',
      async install(home) {
        this.installs += 1;
        await writeFile(join(home, 'example'), 'program');
      },
    };
  }

  it('lives under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(toolCacheDir({ XDG_CACHE_HOME: '/cache' })).toBe('/cache/coaching-platform');
    expect(toolCacheDir({ XDG_CACHE_HOME: '' })).toMatch(/\/\.cache\/coaching-platform$/);
  });

  it('installs a tool once, into its own folder, and reuses it afterwards', async () => {
    const example = tool();
    const command = await installedTool(example, silentReporter);
    expect(command).toBe(join(cacheHome, 'coaching-platform', 'example-1.0', 'example'));
    expect(await readFile(command, 'utf8')).toBe('program');

    expect(await installedTool(example, silentReporter)).toBe(command);
    expect(example.installs).toBe(1);
  });

  it('starts an interrupted install again from an empty folder', async () => {
    const home = join(cacheHome, 'coaching-platform', 'example-1.0');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'half-written'), '');
    const example = tool();

    await installedTool(example, silentReporter);

    expect(example.installs).toBe(1);
    expect(existsSync(join(home, 'half-written'))).toBe(false);
  });

  it('installs once when two installs start together: the second waits for the first and uses its install', async () => {
    const example = tool();
    const install = example.install.bind(example);
    example.install = async (home) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await install(home);
    };

    const [first, second] = await Promise.all([installedTool(example, silentReporter), installedTool(example, silentReporter)]);

    expect(second).toBe(first);
    expect(example.installs).toBe(1);
    expect(existsSync(`${join(cacheHome, 'coaching-platform', 'example-1.0')}.lock`)).toBe(false);
  });

  it('takes over the lock of an install that was killed long ago', async () => {
    const lock = `${join(cacheHome, 'coaching-platform', 'example-1.0')}.lock`;
    mkdirSync(lock, { recursive: true });
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    utimesSync(lock, hourAgo, hourAgo);
    const example = tool();

    await installedTool(example, silentReporter);

    expect(example.installs).toBe(1);
  });
});
