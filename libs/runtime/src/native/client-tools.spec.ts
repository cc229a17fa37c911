import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
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
    // PATH holds the fake tools and nothing else. The tool cache cannot be written (a file stands where its folder
    // would be), so an install of the client tools fails at once, downloading nothing.
    process.env['PATH'] = bin;
    process.env['XDG_CACHE_HOME'] = join(folder, 'cache');
    await writeFile(join(folder, 'cache'), '');
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

  it("takes the newest release behind Debian's wrapper, and looks there only when PATH runs the wrapper", async () => {
    const debianFolder = join(folder, 'usr-lib-postgresql');
    const release = async (major: string) => {
      await mkdir(join(debianFolder, major, 'bin'), { recursive: true });
      await writeFile(join(debianFolder, major, 'bin', 'pg_dump'), `#!/bin/sh\necho "pg_dump (PostgreSQL) ${major}.1"\n`, { mode: 0o755 });
    };
    await release('15');
    await release('17');
    // postgresql-common's pg_wrapper, on PATH as pg_dump: here it picks 15, as it does beside a version 15 cluster.
    await writeFile(join(folder, 'pg_wrapper'), `#!/bin/sh\nexec "${join(debianFolder, '15', 'bin')}/\${0##*/}" "$@"\n`, { mode: 0o755 });
    await symlink(join(folder, 'pg_wrapper'), join(bin, 'pg_dump'));
    expect(await requiredClientTool('pg_dump', 17, folder, silentReporter, debianFolder)).toBe(join(debianFolder, '17', 'bin', 'pg_dump'));

    // Without the wrapper, what PATH runs is the machine's tool, whatever that folder holds.
    await rm(join(bin, 'pg_dump'));
    await fakeTool('pg_dump', '17.2');
    await release('18');
    expect(await requiredClientTool('pg_dump', 17, folder, silentReporter, debianFolder)).toBe('pg_dump');
  });

  it("refuses Debian 12's pg_dump 15 when its own copy cannot be installed, saying what to run on each system", async () => {
    await fakeTool('pg_dump', '15.8');
    const check = requiredClientTool('pg_dump', 17, folder, silentReporter, noDebianFolder);
    await expect(check).rejects.toThrow(`pg_dump 15 (on PATH) is older than the platform's PostgreSQL 17, and installing PostgreSQL 17.`);
    // Why the copy failed.
    await expect(check).rejects.toThrow(
      /client tools into the tool cache failed: ENOTDIR: not a directory, mkdir .*\. Fix that and run the command again/,
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
