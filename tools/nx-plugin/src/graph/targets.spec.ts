import { describe, expect, it } from 'vitest';
import type { CargoCrate } from './cargo-metadata';
import { cargoTargets } from './targets';

const library: CargoCrate = { name: 'shared', root: 'libs/shared', kind: 'library', binaries: [], pathDependencies: [] };
const application: CargoCrate = {
  name: 'tools',
  root: 'apps/tools',
  kind: 'application',
  binaries: ['tools', 'tools-admin'],
  pathDependencies: ['libs/shared'],
};

describe('cargoTargets', () => {
  it('gives every crate build, test, lint and fmt-check commands scoped to the crate', () => {
    const commands = Object.entries(cargoTargets(library)).map(([name, target]) => [name, target.options.command]);

    expect(Object.fromEntries(commands)).toMatchInlineSnapshot(`
      {
        "build": "cargo build --release --locked -p shared",
        "fmt-check": "cargo fmt -p shared --check",
        "lint": "cargo clippy --locked -p shared --all-targets -- -D warnings",
        "test": "cargo test --locked -p shared",
      }
    `);
  });

  it("builds an application's binaries with the plugin's executor, and the others with cargo", () => {
    expect(cargoTargets(application).build).toMatchObject({
      executor: '@coaching/nx-plugin:cargo-build',
      options: { crate: 'tools', binaries: ['tools', 'tools-admin'] },
    });
    for (const [name, target] of Object.entries(cargoTargets(application)).filter(([name]) => name !== 'build')) {
      expect(target.options.command, name).toMatch(/^cargo /);
    }
  });

  it.each([
    ['an application', application],
    ['a library', library],
  ])('runs the cargo targets of %s from the workspace root, cached, one task at a time', (_kind, crate) => {
    for (const target of Object.values(cargoTargets(crate))) {
      expect(target).toMatchObject({
        inputs: expect.arrayContaining(['rust', '^rust']),
        cache: true,
        parallelism: false,
        metadata: { technologies: ['rust'], description: expect.any(String) },
      });
      if (target.executor === 'nx:run-commands') expect(target.options.cwd).toBe('{workspaceRoot}');
    }
  });

  it("declares each binary, in the workspace whatever cargo's target directory, and nothing else under target/, as a build output", () => {
    expect(cargoTargets(application).build.outputs).toEqual(['{workspaceRoot}/target/release/tools', '{workspaceRoot}/target/release/tools-admin']);
  });

  it("keys an application's build on cargo's target directory", () => {
    expect(cargoTargets(application).build.inputs).toEqual(['rust', '^rust', { env: 'CARGO_TARGET_DIR' }]);
  });

  it('gives libraries an explicit empty output list, so Nx does not guess dist/ folders', () => {
    expect(cargoTargets(library).build.outputs).toEqual([]);
  });
});
