import type { TargetConfiguration } from '@nx/devkit';
import type { CargoCrate } from './cargo-metadata';

/** Named inputs from nx.json: the crate's files, the workspace manifests and toolchain, and the same for its dependencies. */
const CARGO_INPUTS = ['rust', '^rust'];

/** The cargo targets every crate gets, run from the workspace root so they share one `target/` folder. */
export function cargoTargets(crate: CargoCrate): Record<string, TargetConfiguration> {
  const pkg = `-p ${crate.name}`;
  return {
    // A library leaves nothing to run or to restore: cargo alone.
    build: crate.binaries.length > 0 ? releaseBuild(crate) : cargoTarget(`cargo build --release --locked ${pkg}`, RELEASE_BUILD),
    test: cargoTarget(`cargo test --locked ${pkg}`, "Run the crate's unit, integration and doc tests"),
    lint: cargoTarget(`cargo clippy --locked ${pkg} --all-targets -- -D warnings`, 'Lint every target of the crate with clippy, denying warnings'),
    'fmt-check': cargoTarget(`cargo fmt ${pkg} --check`, 'Check that the crate is formatted with rustfmt'),
  };
}

const RELEASE_BUILD = 'Build the crate with the release profile';

/**
 * The release build of a crate with binaries, always left in the workspace's `target/release/`. Nx caches and restores
 * only files inside the workspace, so the outputs cannot follow cargo's target directory out of it (CI's
 * CARGO_TARGET_DIR): the executor copies the binaries from there instead. That directory is in the cache key all the
 * same, so a build cached with one is never taken for a build with another.
 */
function releaseBuild(crate: CargoCrate): TargetConfiguration {
  return {
    executor: '@coaching/nx-plugin:cargo-build',
    options: { crate: crate.name, binaries: crate.binaries },
    inputs: [...CARGO_INPUTS, { env: 'CARGO_TARGET_DIR' }],
    // Only the final binaries: caching all of target/ would store gigabytes of intermediate files.
    outputs: crate.binaries.map((binary) => `{workspaceRoot}/target/release/${binary}`),
    cache: true,
    parallelism: false,
    metadata: { technologies: ['rust'], description: `${RELEASE_BUILD}, its binaries in target/release/` },
  };
}

function cargoTarget(command: string, description: string): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    options: { command, cwd: '{workspaceRoot}' },
    inputs: [...CARGO_INPUTS],
    // Explicit, even when empty: without `outputs` Nx guesses dist/ folders for a target named `build`.
    outputs: [],
    cache: true,
    // cargo locks the shared target/ folder, so concurrent cargo tasks would only queue behind each other.
    parallelism: false,
    metadata: { technologies: ['rust'], description },
  };
}
