import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAILPIT_VERSION } from '@coaching/platform-model';
import { GO_RELEASE, goVersion } from './go';
import { MAILPIT } from './mailpit';

describe('installing a Go program', () => {
  let folder: string;
  let bin: string;
  let home: string;
  const saved = { PATH: process.env['PATH'], GOTOOLCHAIN: process.env['GOTOOLCHAIN'] };
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'go-tool-'));
    bin = join(folder, 'bin');
    home = join(folder, 'home');
    await mkdir(bin);
    await mkdir(home);
    // Only the fake `go` below (or none): the machine's own Go must not answer.
    process.env['PATH'] = bin;
    delete process.env['GOTOOLCHAIN'];
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(folder, { recursive: true, force: true });
  });

  /** A `go` that prints `version` and, asked to install, records its arguments and GOTOOLCHAIN and writes the program. */
  async function fakeGo(version: string): Promise<void> {
    const script = [
      '#!/bin/sh',
      `if [ "$1" = version ]; then echo "go version ${version} linux/amd64"; exit 0; fi`,
      `echo "$* GOTOOLCHAIN=$GOTOOLCHAIN" > "${join(folder, 'install-call')}"`,
      'echo program > "$GOBIN/mailpit"',
    ].join('\n');
    await writeFile(join(bin, 'go'), `${script}\n`);
    await chmod(join(bin, 'go'), 0o755);
  }

  it('reads the release from `go version`', () => {
    expect(goVersion('go version go1.19.8 linux/amd64')).toEqual({ major: 1, minor: 19 });
    expect(goVersion('go version go1.26.8 darwin/arm64')).toEqual({ major: 1, minor: 26 });
    expect(goVersion('something else')).toBeUndefined();
  });

  it('says, for each system, how to install Go when there is none', async () => {
    const install = MAILPIT.install(home);
    await expect(install).rejects.toThrow(
      /installing Mailpit .* needs Go 1\.21 or newer, and `go` is not on PATH\. Install it: macOS: `brew install go`/,
    );
    await expect(install).rejects.toThrow(/Debian 13 or Ubuntu 24\.04: `sudo apt install -y golang-go`/);
    await expect(install).rejects.toThrow(
      /Debian 12, Ubuntu 22\.04 and Windows \(WSL\) .*https:\/\/go\.dev\/dl\/go1\.\d+\.\d+\.linux-amd64\.tar\.gz/,
    );
  });

  it("refuses Debian 12's Go 1.19 before building anything, naming the version and the fix", async () => {
    await fakeGo('go1.19.8');
    await expect(MAILPIT.install(home)).rejects.toThrow(/needs Go 1\.21 or newer, and the `go` on PATH is Go 1\.19\. Install a newer one: macOS/);
    expect(existsSync(join(folder, 'install-call'))).toBe(false);
  });

  it('installs with a Go since 1.21, letting it fetch the newer Go release the module asks for', async () => {
    await fakeGo('go1.22.2');
    await MAILPIT.install(home);
    expect(await readFile(join(folder, 'install-call'), 'utf8')).toBe(`install github.com/axllent/mailpit@${MAILPIT_VERSION} GOTOOLCHAIN=auto\n`);
    expect(await readFile(join(home, 'mailpit'), 'utf8')).toBe('program\n');
  });

  it('keeps a GOTOOLCHAIN the environment sets', async () => {
    await fakeGo('go1.26.8');
    process.env['GOTOOLCHAIN'] = 'local';
    await MAILPIT.install(home);
    expect(await readFile(join(folder, 'install-call'), 'utf8')).toMatch(/ GOTOOLCHAIN=local\n$/);
  });

  it('gives the steps docs/setup.md gives', () => {
    const setup = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'setup.md'), 'utf8');
    expect(setup).toContain(`curl -fsSLO https://go.dev/dl/${GO_RELEASE}.linux-amd64.tar.gz`);
    expect(setup).toContain(`sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf ${GO_RELEASE}.linux-amd64.tar.gz`);
    expect(setup).toContain(`echo 'export PATH=/usr/local/go/bin:$PATH' >> ~/.profile`);
  });
});
