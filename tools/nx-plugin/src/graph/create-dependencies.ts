import { DependencyType, type CreateDependencies, type FileMap, type RawProjectGraphDependency } from '@nx/devkit';
import { readCargoWorkspace } from './cargo-metadata';

/**
 * A static edge from crate A to crate B whenever A has a path dependency (normal, dev or build) on B's folder,
 * attributed to A's Cargo.toml so that editing that file re-evaluates the edge.
 */
export const createDependencies: CreateDependencies = async (_options, context) => {
  const crates = await readCargoWorkspace(context.workspaceRoot, cargoManifests(context.fileMap));
  const projectByRoot = new Map(Object.entries(context.projects).map(([name, project]) => [project.root, name]));

  return crates.flatMap((crate) => {
    const source = projectByRoot.get(crate.root);
    if (!source) return [];
    return crate.pathDependencies.flatMap((dependencyRoot): RawProjectGraphDependency[] => {
      const target = projectByRoot.get(dependencyRoot);
      return target
        ? [{ source, target, type: DependencyType.static, sourceFile: `${crate.root}/Cargo.toml` }]
        : [];
    });
  });
};

/** Every Cargo.toml Nx knows about: the same set `createNodes` receives, so both share one `cargo metadata` run. */
function cargoManifests(fileMap: FileMap): string[] {
  return [...Object.values(fileMap.projectFileMap).flat(), ...fileMap.nonProjectFiles]
    .map((fileData) => fileData.file)
    .filter((file) => file === 'Cargo.toml' || file.endsWith('/Cargo.toml'));
}
