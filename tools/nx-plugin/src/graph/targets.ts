import type { TargetConfiguration } from '@nx/devkit';
import type { CargoCrate } from './cargo-metadata';

/** Named inputs from nx.json: the crate's files, the workspace manifests and toolchain, and the same for its dependencies. */
const CARGO_INPUTS = ['rust', '^rust'];

/** The cargo targets every crate gets, run from the workspace root so they share one `target/` folder. */
export function cargoTargets(crate: CargoCrate): Record<string, TargetConfiguration> {
  const pkg = `-p ${crate.name}`;
  return {
    build: cargoTarget(
      `cargo build --release --locked ${pkg}`,
      'Build the crate with the release profile',
      // Only the final binaries: caching all of target/ would store gigabytes of intermediate files.
      crate.binaries.map((binary) => `{workspaceRoot}/target/release/${binary}`),
    ),
    test: cargoTarget(`cargo test --locked ${pkg}`, "Run the crate's unit, integration and doc tests"),
    lint: cargoTarget(`cargo clippy --locked ${pkg} --all-targets -- -D warnings`, 'Lint every target of the crate with clippy, denying warnings'),
    'fmt-check': cargoTarget(`cargo fmt ${pkg} --check`, 'Check that the crate is formatted with rustfmt'),
  };
}

function cargoTarget(command: string, description: string, outputs: string[] = []): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    options: { command, cwd: '{workspaceRoot}' },
    inputs: [...CARGO_INPUTS],
    // Explicit, even when empty: without `outputs` Nx guesses dist/ folders for a target named `build`.
    outputs,
    cache: true,
    // cargo locks the shared target/ folder, so concurrent cargo tasks would only queue behind each other.
    parallelism: false,
    metadata: { technologies: ['rust'], description },
  };
}
