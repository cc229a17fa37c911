import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runNx } from '@coaching/process';

/**
 * A copy of this workspace's Nx setup (the plugin, the libraries its executors use, nx.json's named inputs) around a
 * one-binary Cargo workspace, with a cache of its own: the build target as people run it, cached for real, cheap to
 * compile. Not a git repository, so its Nx cache is its own and never the machine's shared one.
 */
function nxWorkspaceAroundOneBinary(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'build-cache-')));
  const nxJson = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8')) as { namedInputs: unknown };
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'build-cache-fixture', private: true }),
    'nx.json': JSON.stringify({ namedInputs: nxJson.namedInputs, plugins: ['@coaching/nx-plugin'], neverConnectToCloud: true }),
    'Cargo.toml': '[workspace]\nresolver = "3"\nmembers = ["apps/tiny"]\n',
    'apps/tiny/Cargo.toml': '[package]\nname = "tiny"\nversion = "0.1.0"\nedition = "2024"\n',
    'apps/tiny/src/main.rs': 'fn main() {\n    println!("tiny");\n}\n',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  for (const path of ['tsconfig.base.json', 'tools/nx-plugin', 'libs']) cpSync(join(workspaceRoot, path), join(root, path), { recursive: true });
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

describe("a crate's release build, cached by Nx", () => {
  let root: string;
  let elsewhere: string;
  /** `nx run tiny:build` in the fixture, reading and writing its cache; `cargoTargetDir` is CARGO_TARGET_DIR, or unset. */
  const build = async (cargoTargetDir: string | undefined) => {
    const { stdout, stderr } = await runNx(root, ['run', 'tiny:build', '--output-style=stream'], {
      env: {
        NX_NO_CLOUD: 'true',
        NX_CACHE_DIRECTORY: join(root, '.nx', 'cache'),
        NX_WORKSPACE_ROOT_PATH: undefined,
        // CI sets these for its own runs; here the cache is what is tested.
        NX_SKIP_NX_CACHE: undefined,
        CARGO_BUILD_TARGET_DIR: undefined,
        CARGO_TARGET_DIR: cargoTargetDir,
      },
    });
    return `${stdout}\n${stderr}`;
  };
  const binary = () => join(root, 'target', 'release', 'tiny');
  const binaryRuns = async () => existsSync(binary()) && (await run(binary(), [], { cwd: root })).stdout === 'tiny';

  beforeAll(async () => {
    root = nxWorkspaceAroundOneBinary();
    elsewhere = mkdtempSync(join(tmpdir(), 'build-cache-cargo-target-'));
    await run('cargo', ['generate-lockfile', '--offline'], { cwd: root });
  });
  afterAll(() => {
    for (const dir of [root, elsewhere]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the binary in the workspace after a build cached with CARGO_TARGET_DIR elsewhere, in a fresh clone without it', async () => {
    // CI builds with its compiled crates outside the clone.
    await build(elsewhere);
    expect(existsSync(join(elsewhere, 'release', 'tiny'))).toBe(true);

    // A fresh clone on the same machine: no target/ folder, no CARGO_TARGET_DIR, the same cache.
    rmSync(join(root, 'target'), { recursive: true, force: true });
    await build(undefined);

    expect(await binaryRuns()).toBe(true);
  }, 120_000);

  it('restores the binary into the workspace from a build cached with CARGO_TARGET_DIR elsewhere', async () => {
    await build(elsewhere);
    rmSync(join(root, 'target'), { recursive: true, force: true });

    const output = await build(elsewhere);

    expect(output).toMatch(/local cache|existing outputs match the cache/);
    expect(await binaryRuns()).toBe(true);
  }, 120_000);

  it('keys the build on the cargo target directory', async () => {
    const { stdout } = await runNx(root, ['show', 'project', 'tiny', '--json'], { env: { NX_NO_CLOUD: 'true', NX_WORKSPACE_ROOT_PATH: undefined } });
    const tiny = JSON.parse(stdout) as { targets: { build: { inputs: unknown[]; outputs: string[] } } };

    expect(tiny.targets.build.inputs).toContainEqual({ env: 'CARGO_TARGET_DIR' });
    expect(tiny.targets.build.outputs).toEqual(['{workspaceRoot}/target/release/tiny']);
  });
});
