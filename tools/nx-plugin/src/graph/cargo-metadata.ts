import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { fromWorkspaceRoot, toWorkspaceRelative } from '../utils/paths';
import { run, RunError } from '@coaching/process';

/** One member of the Cargo workspace, reduced to what the Nx graph needs. */
export interface CargoCrate {
  name: string;
  /** Workspace-relative folder holding the crate's Cargo.toml; it becomes the Nx project root. */
  root: string;
  /** A crate with at least one binary target is deployable, hence an application. */
  kind: 'application' | 'library';
  description?: string;
  /** Names of the crate's `bin` targets, i.e. the files cargo writes to `target/<profile>/`. */
  binaries: string[];
  /** Workspace-relative folders of the crate's path dependencies (normal, dev and build). */
  pathDependencies: string[];
}

// The subset of `cargo metadata --format-version=1` that is read here.
interface CargoMetadata {
  workspace_members: string[];
  packages: {
    id: string;
    name: string;
    description: string | null;
    manifest_path: string;
    targets: { name: string; kind: string[] }[];
    dependencies: { path?: string }[];
  }[];
}

const CARGO_METADATA_ARGS = ['metadata', '--no-deps', '--offline', '--format-version=1'];

let lastRead: { key: string; crates: Promise<CargoCrate[]> } | undefined;

/**
 * The crates of the Cargo workspace rooted at `workspaceRoot`.
 *
 * `createNodes` and `createDependencies` both need this, and the daemon recomputes the graph on every file
 * change, so `cargo metadata` is only re-run when a manifest or the lock file changed.
 *
 * @param manifestFiles workspace-relative paths of every Cargo.toml in the workspace (they key the memo).
 */
export function readCargoWorkspace(workspaceRoot: string, manifestFiles: readonly string[]): Promise<CargoCrate[]> {
  const key = fingerprint(workspaceRoot, manifestFiles);
  if (lastRead?.key !== key) {
    const crates = cargoMetadata(workspaceRoot).then((metadata) => toCrates(workspaceRoot, metadata));
    // A failure is not remembered, so fixing the toolchain does not need an `nx reset`.
    crates.catch(() => {
      if (lastRead?.crates === crates) lastRead = undefined;
    });
    lastRead = { key, crates };
  }
  return lastRead.crates;
}

function fingerprint(workspaceRoot: string, manifestFiles: readonly string[]): string {
  const hash = createHash('sha256').update(workspaceRoot);
  for (const file of [...manifestFiles].sort().concat('Cargo.lock')) {
    const path = fromWorkspaceRoot(workspaceRoot, file);
    hash.update(`\0${file}\0`).update(existsSync(path) ? readFileSync(path) : '');
  }
  return hash.digest('hex');
}

/** Said once per process when cargo is missing: a server that installs published releases has no Rust, on purpose. */
export const WITHOUT_CARGO =
  'cargo is not on PATH: the Rust crates are left out of the Nx graph (enough to run a published release; install Rust with rustup to build them).';

let toldWithoutCargo = false;

/** The workspace as cargo describes it; without cargo on PATH, an empty workspace (said in one line). */
async function cargoMetadata(workspaceRoot: string): Promise<CargoMetadata> {
  try {
    const { stdout } = await run('cargo', CARGO_METADATA_ARGS, { cwd: workspaceRoot });
    return JSON.parse(stdout) as CargoMetadata;
  } catch (error) {
    if (error instanceof RunError && error.code === 'ENOENT') {
      if (!toldWithoutCargo) console.warn(WITHOUT_CARGO);
      toldWithoutCargo = true;
      return { workspace_members: [], packages: [] };
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot infer the Rust projects: \`cargo ${CARGO_METADATA_ARGS.join(' ')}\` failed in ${workspaceRoot}.\n${reason}`, {
      cause: error,
    });
  }
}

function toCrates(workspaceRoot: string, metadata: CargoMetadata): CargoCrate[] {
  // cargo reports canonical paths, so relativise against the canonical root (e.g. a symlinked temp folder).
  const canonicalRoot = realpathSync(workspaceRoot);
  const relativeDir = (path: string) => toWorkspaceRelative(canonicalRoot, path);
  const members = new Set(metadata.workspace_members);

  return metadata.packages
    .filter((pkg) => members.has(pkg.id))
    .map((pkg) => {
      const binaries = pkg.targets.filter((target) => target.kind.includes('bin')).map((target) => target.name);
      const pathDependencies = pkg.dependencies.flatMap((dep) => (dep.path ? [relativeDir(dep.path)] : []));
      return {
        name: pkg.name,
        root: relativeDir(dirname(pkg.manifest_path)),
        kind: binaries.length > 0 ? 'application' : 'library',
        ...(pkg.description ? { description: pkg.description } : {}),
        binaries,
        pathDependencies: [...new Set(pathDependencies)].sort(),
      } satisfies CargoCrate;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
