import type { CreateDependenciesContext, FileData, ProjectConfiguration } from '@nx/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCargoWorkspace, type CargoWorkspaceFixture } from './testing/cargo-workspace';
import { createDependencies } from './create-dependencies';
import { createNodes } from './create-nodes';

describe('createDependencies', () => {
  let fixture: CargoWorkspaceFixture;
  beforeAll(() => {
    fixture = createCargoWorkspace();
  });
  afterAll(() => fixture.remove());

  /** The context Nx would build for the fixture: the inferred projects and a file map owning each manifest. */
  async function graphContext(): Promise<CreateDependenciesContext> {
    const results = await createNodes[1](fixture.manifests, undefined, {
      workspaceRoot: fixture.root,
      nxJsonConfiguration: {},
    });
    const projects: Record<string, ProjectConfiguration> = {};
    const projectFileMap: Record<string, FileData[]> = {};
    for (const [manifest, result] of results) {
      for (const [root, project] of Object.entries(result.projects ?? {})) {
        const name = project.name!;
        projects[name] = { ...project, root };
        projectFileMap[name] = [{ file: manifest, hash: '' }];
      }
    }
    const fileMap = { projectFileMap, nonProjectFiles: [{ file: 'Cargo.toml', hash: '' }] };
    return {
      workspaceRoot: fixture.root,
      nxJsonConfiguration: {},
      externalNodes: {},
      projects,
      fileMap,
      filesToProcess: fileMap,
    };
  }

  it('adds a static edge for each path dependency, normal or dev, attributed to the manifest', async () => {
    expect(await createDependencies(undefined, await graphContext())).toMatchInlineSnapshot(`
      [
        {
          "source": "alpha",
          "sourceFile": "apps/alpha/Cargo.toml",
          "target": "shared",
          "type": "static",
        },
        {
          "source": "beta",
          "sourceFile": "apps/beta/Cargo.toml",
          "target": "shared",
          "type": "static",
        },
      ]
    `);
  });

  it('makes a project that holds a crate in its folder depend on it, as db holds its migration crate', async () => {
    const context = await graphContext();
    const projects = { ...context.projects, libraries: { root: 'libs' } };

    const dependencies = await createDependencies(undefined, { ...context, projects });

    expect(dependencies).toContainEqual({ source: 'libraries', target: 'shared', type: 'implicit' });
    expect(dependencies.filter((dependency) => dependency.source === 'libraries')).toHaveLength(1);
  });

  it('skips path dependencies on folders that are not projects', async () => {
    const context = await graphContext();
    const { shared: _, ...projectsWithoutShared } = context.projects;

    expect(await createDependencies(undefined, { ...context, projects: projectsWithoutShared })).toEqual([]);
  });
});
