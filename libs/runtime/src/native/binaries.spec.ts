import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '@coaching/process';
import { buildRelease, releaseBinaries, releaseDir } from './binaries';

/** A Cargo workspace of one binary crate, `tiny`, printing its name (then, with --wait, running for a while): cheap to compile, offline. */
function tinyCargoWorkspace(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'release-binaries-')));
  mkdirSync(join(root, 'tiny', 'src'), { recursive: true });
  writeFileSync(join(root, 'Cargo.toml'), '[workspace]\nresolver = "3"\nmembers = ["tiny"]\n');
  writeFileSync(join(root, 'tiny', 'Cargo.toml'), '[package]\nname = "tiny"\nversion = "0.1.0"\nedition = "2024"\n');
  const main = [
    'fn main() {',
    '    println!("tiny");',
    '    if std::env::args().nth(1).as_deref() == Some("--wait") {',
    '        std::thread::sleep(std::time::Duration::from_secs(30));',
    '    }',
    '}',
    '',
  ];
  writeFileSync(join(root, 'tiny', 'src', 'main.rs'), main.join('\n'));
  return root;
}

describe('the release binaries', () => {
  it("live in the workspace's target/release/, whatever cargo's target directory", () => {
    vi.stubEnv('CARGO_TARGET_DIR', '/var/cache/elsewhere');

    expect(releaseDir('/repo')).toBe('/repo/target/release');
    expect(releaseBinaries('/repo')).toEqual({ api: '/repo/target/release/api', web: '/repo/target/release/web' });
    vi.unstubAllEnvs();
  });
});

describe('buildRelease', () => {
  let root: string;
  let elsewhere: string;
  const binary = () => join(root, 'target', 'release', 'tiny');
  beforeAll(async () => {
    root = tinyCargoWorkspace();
    elsewhere = mkdtempSync(join(tmpdir(), 'release-binaries-cargo-target-'));
    await run('cargo', ['generate-lockfile', '--offline'], { cwd: root });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(join(root, 'target'), { recursive: true, force: true });
  });
  afterAll(() => {
    for (const dir of [root, elsewhere]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the binaries where cargo writes them when that is the workspace', async () => {
    vi.stubEnv('CARGO_TARGET_DIR', undefined);
    vi.stubEnv('CARGO_BUILD_TARGET_DIR', undefined);

    await buildRelease(root, 'tiny', ['tiny']);

    expect((await run(binary(), [], { cwd: root })).stdout).toBe('tiny');
    expect(readdirSync(join(root, 'target', 'release')).filter((name) => name.endsWith('.next'))).toEqual([]);
  });

  it('copies them into the workspace when cargo compiles elsewhere (CARGO_TARGET_DIR), even over a running one', async () => {
    vi.stubEnv('CARGO_TARGET_DIR', elsewhere);
    await buildRelease(root, 'tiny', ['tiny']);
    // The binary in the workspace runs (the native runtime's app) while the next build replaces it.
    const running = spawn(binary(), ['--wait'], { stdio: 'ignore' });
    try {
      await buildRelease(root, 'tiny', ['tiny']);
    } finally {
      running.kill();
    }

    expect(existsSync(join(elsewhere, 'release', 'tiny'))).toBe(true);
    expect((await run(binary(), [], { cwd: root })).stdout).toBe('tiny');
  });

  it('says which binary cargo did not build', async () => {
    vi.stubEnv('CARGO_TARGET_DIR', elsewhere);

    await expect(buildRelease(root, 'tiny', ['tiny', 'tiny-admin'])).rejects.toThrow(`cargo built no tiny-admin in ${join(elsewhere, 'release')}`);
  });

  it('builds a library, which has no binaries to place', async () => {
    vi.stubEnv('CARGO_TARGET_DIR', elsewhere);

    await buildRelease(root, 'tiny', []);

    expect(existsSync(binary())).toBe(false);
  });
});
