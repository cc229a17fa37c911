import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentReporter } from '@coaching/process';
import { clientToolsSteps, requiredClientTool } from './database';

describe("the check of PostgreSQL's client tools before a backup", () => {
  let folder: string;
  let bin: string;
  /** No /usr/lib/postgresql/<version> here: only the fake tools on PATH answer. */
  let noDebianFolder: string;
  const saved = { PATH: process.env['PATH'], XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'], PG_CLIENT_DIR: process.env['PG_CLIENT_DIR'] };
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'client-tools-'));
    bin = join(folder, 'bin');
    noDebianFolder = join(folder, 'no-debian-postgresql');
    await mkdir(bin);
    // PATH holds the fake tools and nothing else (no python3 either); the tool cache is empty.
    process.env['PATH'] = bin;
    process.env['XDG_CACHE_HOME'] = join(folder, 'cache');
    delete process.env['PG_CLIENT_DIR'];
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(folder, { recursive: true, force: true });
  });

  /** A `tool` on PATH that prints its version as PostgreSQL's do, e.g. `pg_dump (PostgreSQL) 15.8`. */
  async function fakeTool(tool: string, version: string): Promise<string> {
    const program = join(bin, tool);
    await writeFile(program, `#!/bin/sh\necho "${tool} (PostgreSQL) ${version}"\n`);
    await chmod(program, 0o755);
    return program;
  }

  it("takes the machine's tool when it is the server's release or newer", async () => {
    // Found on PATH (which holds only the fakes), so run by name.
    await fakeTool('pg_dump', '17.2');
    expect(await requiredClientTool('pg_dump', 17, folder, silentReporter, noDebianFolder)).toBe('pg_dump');
    await fakeTool('pg_restore', '18.1');
    expect(await requiredClientTool('pg_restore', 17, folder, silentReporter, noDebianFolder)).toBe('pg_restore');
  });

  it("refuses Debian 12's pg_dump 15 when its own copy cannot be installed, saying what to run on each system", async () => {
    await fakeTool('pg_dump', '15.8');
    const check = requiredClientTool('pg_dump', 17, folder, silentReporter, noDebianFolder);
    await expect(check).rejects.toThrow(`pg_dump 15 (on PATH) is older than the platform's PostgreSQL 17, and installing PostgreSQL 17.`);
    // Why the copy failed (no Python here), and its fix.
    await expect(check).rejects.toThrow(
      /needs Python 3 with its venv module, and `python3` is not on PATH\. Install it: Debian, Ubuntu and Windows \(WSL\): `sudo apt install -y python3-venv`/,
    );
    // The other way: the PostgreSQL project's packages, or Homebrew's.
    await expect(check).rejects.toThrow(
      /install PostgreSQL 17's client tools yourself: Debian 13: `sudo apt install -y postgresql-client-17`; Debian 12, Ubuntu and Windows \(WSL\), .*`sudo apt install -y postgresql-common && sudo \/usr\/share\/postgresql-common\/pgdg\/apt\.postgresql\.org\.sh && sudo apt install -y postgresql-client-17`; macOS: `brew install postgresql@17 && echo 'export PATH="\$\(brew --prefix postgresql@17\)\/bin:\$PATH"' >> ~\/\.zprofile`/,
    );
  });

  it('says the tool is not installed when there is none', async () => {
    await expect(requiredClientTool('pg_restore', 17, folder, silentReporter, noDebianFolder)).rejects.toThrow(
      /^pg_restore is not installed, and installing/,
    );
  });

  it("names the server's release when the tool cache holds another one", async () => {
    await fakeTool('pg_dump', '15.8');
    const check = requiredClientTool('pg_dump', 18, folder, silentReporter, noDebianFolder);
    await expect(check).rejects.toThrow(
      /is older than the platform's PostgreSQL 18\. Install PostgreSQL 18's client tools: Debian 13: `sudo apt install -y postgresql-client-18`/,
    );
  });

  it('gives the commands docs/setup.md gives, each of them', () => {
    const setup = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'setup.md'), 'utf8');
    const commands = [...clientToolsSteps(17).matchAll(/`([^`]+)`/g)].flatMap((match) => match[1].split(' && '));
    expect(commands.length).toBeGreaterThan(4);
    for (const command of commands) expect(setup, command).toContain(command);
  });
});
