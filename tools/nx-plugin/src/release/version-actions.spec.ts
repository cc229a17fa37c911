import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { describe, expect, it } from 'vitest';
import { run } from '@coaching/process';
import PlatformVersionActions, {
  RELEASE_FILES,
  readWorkspaceVersion,
  withChartVersion,
  withLockedWorkspaceVersion,
  withWorkspaceVersion,
} from './version-actions';

const repositoryFile = (file: string) => readFileSync(join(workspaceRoot, file), 'utf8');

describe('the platform release in its files', () => {
  it('reads and writes the workspace version of the real Cargo.toml', () => {
    const cargoToml = repositoryFile(RELEASE_FILES.cargoToml);
    const current = readWorkspaceVersion(cargoToml);
    expect(current).toMatch(/^\d+\.\d+\.\d+/);
    const next = withWorkspaceVersion(cargoToml, '9.8.7');
    expect(readWorkspaceVersion(next)).toBe('9.8.7');
    // Only that line changed (dependencies keep their own versions).
    expect(next.split('\n').filter((line, index) => line !== cargoToml.split('\n')[index])).toEqual(['version = "9.8.7"']);
  });

  it("moves the workspace's own crates in Cargo.lock, never a registry crate of the same version", () => {
    const lock = [
      '[[package]]\nname = "api"\nversion = "0.1.0"\ndependencies = [\n "web",\n]',
      '[[package]]\nname = "some-crate"\nversion = "0.1.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "ab"',
      '[[package]]\nname = "web"\nversion = "0.1.0"',
    ].join('\n\n');
    const moved = withLockedWorkspaceVersion(`# header\n\n${lock}\n`, '0.1.0', '0.2.0');
    expect(moved).toContain('name = "api"\nversion = "0.2.0"');
    expect(moved).toContain('name = "web"\nversion = "0.2.0"');
    expect(moved).toContain('name = "some-crate"\nversion = "0.1.0"');
  });

  it("sets the chart's version and appVersion, and refuses a chart without them", () => {
    const chart = withChartVersion(repositoryFile(RELEASE_FILES.chart), '9.8.7');
    expect(chart).toMatch(/^version: 9\.8\.7$/m);
    expect(chart).toMatch(/^appVersion: "9\.8\.7"$/m);
    expect(() => withChartVersion('apiVersion: v2\nname: x\n', '1.0.0')).toThrow('has no version and appVersion lines');
  });

  it('versions the three files together through the VersionActions nx release calls', async () => {
    const tree = createTreeWithEmptyWorkspace();
    for (const file of Object.values(RELEASE_FILES)) tree.write(file, repositoryFile(file));
    const current = readWorkspaceVersion(repositoryFile(RELEASE_FILES.cargoToml));
    const actions = new PlatformVersionActions(
      { name: '__default__' } as never,
      { name: 'platform', type: 'app', data: { root: 'apps/platform' } } as never,
      { manifestRootsToUpdate: [] } as never,
    );
    expect(await actions.readCurrentVersionFromSourceManifest(tree)).toEqual({ currentVersion: current, manifestPath: 'Cargo.toml' });
    const logs = await actions.updateProjectVersion(tree, '9.8.7');
    expect(logs).toHaveLength(3);
    expect(readWorkspaceVersion(tree.read(RELEASE_FILES.cargoToml, 'utf-8') ?? '')).toBe('9.8.7');
    expect(tree.read(RELEASE_FILES.cargoLock, 'utf-8')).toContain('name = "api"\nversion = "9.8.7"');
    expect(tree.read(RELEASE_FILES.chart, 'utf-8')).toMatch(/^appVersion: "9\.8\.7"$/m);
  });

  it('is what `nx release` uses for the workspace (a dry run writes nothing)', async () => {
    const { stdout } = await run('npx', ['nx', 'release', 'version', '9.8.7', '--dry-run'], {
      cwd: workspaceRoot,
      env: { NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
    });
    for (const file of Object.values(RELEASE_FILES)) expect(stdout).toContain(`New version 9.8.7 written to ${file}`);
    expect(readWorkspaceVersion(repositoryFile(RELEASE_FILES.cargoToml))).not.toBe('9.8.7');
  }, 120_000);
});
