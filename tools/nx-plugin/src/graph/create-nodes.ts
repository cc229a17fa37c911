import { createNodesFromFiles, type CreateNodes, type ProjectConfiguration } from '@nx/devkit';
import { readCargoWorkspace, type CargoCrate } from './cargo-metadata';
import { cargoTargets } from './targets';

const ROOT_MANIFEST = 'Cargo.toml';

/**
 * One Nx project per Cargo workspace member, named after the crate and rooted at its folder.
 *
 * The root manifest only describes the workspace, and a Cargo.toml that cargo does not list as a member
 * (a test fixture, say) yields nothing, so new members such as `apps/web` are picked up without any change here.
 */
export const createNodes: CreateNodes = [
  '**/Cargo.toml',
  async (manifestFiles, options, context) => {
    const crates = await readCargoWorkspace(context.workspaceRoot, manifestFiles);
    const crateByManifest = new Map(crates.map((crate) => [`${crate.root}/Cargo.toml`, crate]));

    return createNodesFromFiles(
      (manifestFile) => {
        const crate = crateByManifest.get(manifestFile);
        return crate ? { projects: { [crate.root]: cargoProject(crate) } } : {};
      },
      manifestFiles.filter((file) => file !== ROOT_MANIFEST),
      options,
      context,
    );
  },
];

function cargoProject(crate: CargoCrate): ProjectConfiguration {
  return {
    name: crate.name,
    root: crate.root,
    projectType: crate.kind,
    tags: ['lang:rust'],
    metadata: {
      technologies: ['rust'],
      ...(crate.description ? { description: crate.description } : {}),
    },
    targets: cargoTargets(crate),
  };
}
