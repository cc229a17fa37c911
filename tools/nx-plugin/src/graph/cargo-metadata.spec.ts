import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCargoWorkspace, type CargoWorkspaceFixture } from './testing/cargo-workspace';
import { readCargoWorkspace } from './cargo-metadata';

describe('readCargoWorkspace', () => {
  let fixture: CargoWorkspaceFixture;
  beforeEach(() => {
    fixture = createCargoWorkspace();
  });
  afterEach(() => fixture.remove());

  it('reads each member with its kind, binaries and path dependencies', async () => {
    expect(await readCargoWorkspace(fixture.root, fixture.manifests)).toMatchInlineSnapshot(`
      [
        {
          "binaries": [
            "alpha",
          ],
          "kind": "application",
          "name": "alpha",
          "pathDependencies": [
            "libs/shared",
          ],
          "root": "apps/alpha",
        },
        {
          "binaries": [
            "beta-server",
          ],
          "description": "The second binary.",
          "kind": "application",
          "name": "beta",
          "pathDependencies": [
            "libs/shared",
          ],
          "root": "apps/beta",
        },
        {
          "binaries": [],
          "kind": "library",
          "name": "shared",
          "pathDependencies": [],
          "root": "libs/shared",
        },
      ]
    `);
  });

  it('runs cargo once while the manifests are unchanged, and again after one changes', async () => {
    const first = readCargoWorkspace(fixture.root, fixture.manifests);
    expect(readCargoWorkspace(fixture.root, fixture.manifests)).toBe(first);

    fixture.writeFile('libs/shared/Cargo.toml', '[package]\nname = "common"\nversion = "0.1.0"\nedition = "2024"\n');
    const crates = await readCargoWorkspace(fixture.root, fixture.manifests);

    expect(crates.map((crate) => crate.name)).toEqual(['alpha', 'beta', 'common']);
  });
});
