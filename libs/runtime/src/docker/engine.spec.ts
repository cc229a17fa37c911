import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAtLeast, requireDocker, versionIn } from './engine';

describe('plugin versions', () => {
  it('reads the release from what each Docker flavour prints', () => {
    expect(versionIn('Docker Compose version v2.29.7')).toBe('2.29.7');
    expect(versionIn('2.26.1-4')).toBe('2.26.1');
    expect(versionIn('github.com/docker/buildx v0.17.1-desktop.1 257d8a6')).toBe('0.17.1');
    expect(versionIn('github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3')).toBe('0.13.1');
  });

  it('compares releases part by part, as numbers', () => {
    expect(isAtLeast('2.24.4', '2.24.4')).toBe(true);
    expect(isAtLeast('2.100.0', '2.24.4')).toBe(true);
    expect(isAtLeast('3.0.0', '2.24.4')).toBe(true);
    expect(isAtLeast('2.24.3', '2.24.4')).toBe(false);
    expect(isAtLeast('2.9.9', '2.24.4')).toBe(false);
  });
});

describe('requireDocker', () => {
  let bin: string | undefined;
  afterEach(() => {
    vi.unstubAllEnvs();
    if (bin) rmSync(bin, { recursive: true, force: true });
  });

  /** A `docker` first on PATH whose engine answers and whose compose plugin prints `composeVersion`. */
  const fakeDocker = (composeVersion: string) => {
    bin = mkdtempSync(join(tmpdir(), 'fake-docker-'));
    const script = `#!/bin/sh\ncase "$1" in\n  version) echo 27.3.1 ;;\n  compose) echo "Docker Compose version ${composeVersion}" ;;\n  *) exit 1 ;;\nesac\n`;
    writeFileSync(join(bin, 'docker'), script, { mode: 0o755 });
    vi.stubEnv('PATH', `${bin}${delimiter}${process.env.PATH}`);
  };

  it('names the minimum Compose release, what needs it and how to get it', async () => {
    fakeDocker('v2.20.2');
    await expect(requireDocker(tmpdir(), ['compose'])).rejects.toThrow(
      "Docker Compose v2 (`docker compose`) 2.20.2 is too old: 2.24.4 or newer is needed (`!reset` in compose.production.yaml); install docker-compose-plugin from Docker's apt repository",
    );
  });

  it('accepts a recent enough Compose and names a missing Buildx', async () => {
    fakeDocker('v2.29.7');
    await expect(requireDocker(tmpdir(), ['compose'])).resolves.toBe('27.3.1');
    await expect(requireDocker(tmpdir(), ['buildx'])).rejects.toThrow('Docker Buildx (`docker buildx`) is missing: install docker-buildx-plugin');
  });
});
