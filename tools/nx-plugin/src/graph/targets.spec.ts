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

  it('runs cargo from the workspace root, cached, one task at a time', () => {
    for (const target of Object.values(cargoTargets(application))) {
      expect(target).toMatchObject({
        executor: 'nx:run-commands',
        options: { cwd: '{workspaceRoot}' },
        inputs: ['rust', '^rust'],
        cache: true,
        parallelism: false,
        metadata: { technologies: ['rust'], description: expect.any(String) },
      });
    }
  });

  it('declares each binary, and nothing else under target/, as a build output', () => {
    expect(cargoTargets(application).build.outputs).toEqual(['{workspaceRoot}/target/release/tools', '{workspaceRoot}/target/release/tools-admin']);
  });

  it('gives libraries an explicit empty output list, so Nx does not guess dist/ folders', () => {
    expect(cargoTargets(library).build.outputs).toEqual([]);
  });
});
