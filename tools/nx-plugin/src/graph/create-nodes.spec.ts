import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateNodesContext } from '@nx/devkit';
import { globWithWorkspaceContext } from 'nx/src/devkit-internals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCargoWorkspace, type CargoWorkspaceFixture } from './testing/cargo-workspace';
import { WITHOUT_CARGO } from './cargo-metadata';
import { createNodes } from './create-nodes';

const [manifestGlob, createNodesFunction] = createNodes;

async function inferProjects(fixture: CargoWorkspaceFixture, manifests = fixture.manifests) {
  const context: CreateNodesContext = { workspaceRoot: fixture.root, nxJsonConfiguration: {} };
  return Object.fromEntries(await createNodesFunction(manifests, undefined, context));
}

describe('createNodes', () => {
  let fixture: CargoWorkspaceFixture;
  beforeEach(() => {
    fixture = createCargoWorkspace();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    fixture.remove();
  });

  it('is handed every Cargo.toml of the workspace, at any depth, and nothing else', async () => {
    for (const decoy of ['Cargo.lock', 'apps/alpha/Cargo.toml.orig', 'apps/alpha/MyCargo.toml', 'apps/alpha/src/main.rs']) {
      fixture.writeFile(decoy, '');
    }

    // Nx's own matcher, as it picks the files it hands to createNodes.
    const matched = await globWithWorkspaceContext(fixture.root, [manifestGlob]);

    expect(matched.sort()).toEqual([...fixture.manifests].sort());
  });

  it('infers one project per member crate, named after it and rooted at its folder', async () => {
    const projects = Object.values(await inferProjects(fixture)).flatMap((result) => Object.values(result.projects ?? {}));

    expect(projects.map(({ name, root, projectType, targets }) => ({ name, root, projectType, outputs: targets?.build.outputs })))
      .toMatchInlineSnapshot(`
        [
          {
            "name": "alpha",
            "outputs": [
              "{workspaceRoot}/target/release/alpha",
            ],
            "projectType": "application",
            "root": "apps/alpha",
          },
          {
            "name": "beta",
            "outputs": [
              "{workspaceRoot}/target/release/beta-server",
            ],
            "projectType": "application",
            "root": "apps/beta",
          },
          {
            "name": "shared",
            "outputs": [],
            "projectType": "library",
            "root": "libs/shared",
          },
        ]
      `);
  });

  it('gives each crate cached cargo targets that run from the workspace root', async () => {
    const results = await inferProjects(fixture);

    expect(results['apps/beta/Cargo.toml']).toMatchInlineSnapshot(`
      {
        "projects": {
          "apps/beta": {
            "metadata": {
              "description": "The second binary.",
              "technologies": [
                "rust",
              ],
            },
            "name": "beta",
            "projectType": "application",
            "root": "apps/beta",
            "tags": [
              "lang:rust",
            ],
            "targets": {
              "build": {
                "cache": true,
                "executor": "@coaching/nx-plugin:cargo-build",
                "inputs": [
                  "rust",
                  "^rust",
                  {
                    "env": "CARGO_TARGET_DIR",
                  },
                ],
                "metadata": {
                  "description": "Build the crate with the release profile, its binaries in target/release/",
                  "technologies": [
                    "rust",
                  ],
                },
                "options": {
                  "binaries": [
                    "beta-server",
                  ],
                  "crate": "beta",
                },
                "outputs": [
                  "{workspaceRoot}/target/release/beta-server",
                ],
                "parallelism": false,
              },
              "fmt-check": {
                "cache": true,
                "executor": "nx:run-commands",
                "inputs": [
                  "rust",
                  "^rust",
                ],
                "metadata": {
                  "description": "Check that the crate is formatted with rustfmt",
                  "technologies": [
                    "rust",
                  ],
                },
                "options": {
                  "command": "cargo fmt -p beta --check",
                  "cwd": "{workspaceRoot}",
                },
                "outputs": [],
                "parallelism": false,
              },
              "lint": {
                "cache": true,
                "executor": "nx:run-commands",
                "inputs": [
                  "rust",
                  "^rust",
                ],
                "metadata": {
                  "description": "Lint every target of the crate with clippy, denying warnings",
                  "technologies": [
                    "rust",
                  ],
                },
                "options": {
                  "command": "cargo clippy --locked -p beta --all-targets -- -D warnings",
                  "cwd": "{workspaceRoot}",
                },
                "outputs": [],
                "parallelism": false,
              },
              "test": {
                "cache": true,
                "executor": "nx:run-commands",
                "inputs": [
                  "rust",
                  "^rust",
                ],
                "metadata": {
                  "description": "Run the crate's unit, integration and doc tests",
                  "technologies": [
                    "rust",
                  ],
                },
                "options": {
                  "command": "cargo test --locked -p beta",
                  "cwd": "{workspaceRoot}",
                },
                "outputs": [],
                "parallelism": false,
              },
            },
          },
        },
      }
    `);
  });

  it('ignores a Cargo.toml that is not a workspace member', async () => {
    fixture.writeFile('tools/fixture/Cargo.toml', '[package]\nname = "fixture"\nversion = "0.1.0"\n');
    const results = await inferProjects(fixture, [...fixture.manifests, 'tools/fixture/Cargo.toml']);

    expect(results['tools/fixture/Cargo.toml']).toEqual({});
    expect(results['apps/alpha/Cargo.toml'].projects).toHaveProperty('apps/alpha');
  });

  it('without cargo, infers no Rust projects and says so in one line instead of failing', async () => {
    const emptyBin = mkdtempSync(join(tmpdir(), 'nx-plugin-no-cargo-'));
    vi.stubEnv('PATH', emptyBin);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const results = await inferProjects(fixture);
      expect(Object.values(results).flatMap((result) => Object.keys(result.projects ?? {}))).toEqual([]);
      expect(warn).toHaveBeenCalledWith(WITHOUT_CARGO);
    } finally {
      warn.mockRestore();
      rmSync(emptyBin, { recursive: true, force: true });
    }
  });

  it("reports cargo's own error when the workspace is broken", async () => {
    fixture.writeFile('libs/shared/Cargo.toml', '[package\nname = "shared"\n');

    await expect(inferProjects(fixture)).rejects.toThrow(
      /Cannot infer the Rust projects: `cargo metadata --no-deps --offline --format-version=1` failed[\s\S]*libs\/shared\/Cargo.toml/,
    );
  });
});
