import { DependencyType, type CreateDependencies, type FileMap, type RawProjectGraphDependency } from '@nx/devkit';
import { readCargoWorkspace } from './cargo-metadata';

/**
 * A static edge from crate A to crate B whenever A has a path dependency (normal, dev or build) on B's folder,
 * attributed to A's Cargo.toml so that editing that file re-evaluates the edge.
 */
export const createDependencies: CreateDependencies = async (_options, context) => {
  const crates = await readCargoWorkspace(context.workspaceRoot, cargoManifests(context.fileMap));
  const projectByRoot = new Map(Object.entries(context.projects).map(([name, project]) => [project.root, name]));

  const pathDependencies = crates.flatMap((crate) => {
    const source = projectByRoot.get(crate.root);
    if (!source) return [];
    return crate.pathDependencies.flatMap((dependencyRoot): RawProjectGraphDependency[] => {
      const target = projectByRoot.get(dependencyRoot);
      return target ? [{ source, target, type: DependencyType.static, sourceFile: `${crate.root}/Cargo.toml` }] : [];
    });
  });
  return [
    ...pathDependencies,
    ...enclosingProjects(
      crates.map((crate) => crate.root),
      projectByRoot,
    ),
  ];
};

/**
 * A crate inside another project's folder is part of that project (apps/db/migration of db): the nearest enclosing
 * project depends on it, so a change to the crate affects it. Without cargo there are no crates, and no such edges.
 */
function enclosingProjects(crateRoots: readonly string[], projectByRoot: ReadonlyMap<string, string>): RawProjectGraphDependency[] {
  return crateRoots.flatMap((root): RawProjectGraphDependency[] => {
    const target = projectByRoot.get(root);
    const ancestors = [...projectByRoot.keys()].filter((candidate) => candidate !== root && candidate !== '.' && root.startsWith(`${candidate}/`));
    const nearest = ancestors.sort((a, b) => b.length - a.length)[0];
    const source = nearest && projectByRoot.get(nearest);
    return source && target ? [{ source, target, type: DependencyType.implicit }] : [];
  });
}

/** Every Cargo.toml Nx knows about: the same set `createNodes` receives, so both share one `cargo metadata` run. */
function cargoManifests(fileMap: FileMap): string[] {
  return [...Object.values(fileMap.projectFileMap).flat(), ...fileMap.nonProjectFiles]
    .map((fileData) => fileData.file)
    .filter((file) => file === 'Cargo.toml' || file.endsWith('/Cargo.toml'));
}
