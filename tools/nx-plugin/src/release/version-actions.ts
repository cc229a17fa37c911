import type { Tree } from '@nx/devkit';
import { VersionActions } from 'nx/release';

/** Where the platform's release is written: its one home, and the files that repeat it for their tools. */
export const RELEASE_FILES = {
  /** The home: `[workspace.package] version`, which every crate (and so every binary) takes. */
  cargoToml: 'Cargo.toml',
  /** Cargo's record of the workspace's own crates, which must agree with Cargo.toml or `cargo --locked` fails. */
  cargoLock: 'Cargo.lock',
  /** The Helm chart's `version` and `appVersion` (the image tag it pulls unless told otherwise). */
  chart: 'deploy/helm/coaching-platform/Chart.yaml',
} as const;

const WORKSPACE_VERSION = /(\[workspace\.package\][^[]*?\bversion\s*=\s*")([^"]+)(")/;

/** The version in Cargo.toml's `[workspace.package]`, or null when it has none. */
export function readWorkspaceVersion(cargoToml: string): string | null {
  return WORKSPACE_VERSION.exec(cargoToml)?.[2] ?? null;
}

/** Cargo.toml with `version` as the workspace's version. */
export function withWorkspaceVersion(cargoToml: string, version: string): string {
  if (!WORKSPACE_VERSION.test(cargoToml)) throw new Error(`${RELEASE_FILES.cargoToml} has no [workspace.package] version`);
  return cargoToml.replace(WORKSPACE_VERSION, `$1${version}$3`);
}

/**
 * Cargo.lock with `version` for the workspace's own crates: the packages without a `source` (registry crates all have
 * one), whose version was `previous`.
 */
export function withLockedWorkspaceVersion(cargoLock: string, previous: string, version: string): string {
  return cargoLock
    .split('\n[[package]]\n')
    .map((entry) => (/\nsource = /.test(`\n${entry}`) ? entry : entry.replace(`\nversion = "${previous}"`, `\nversion = "${version}"`)))
    .join('\n[[package]]\n');
}

/** Chart.yaml with `version` as the chart's version and its appVersion. */
export function withChartVersion(chartYaml: string, version: string): string {
  if (!/^version: /m.test(chartYaml) || !/^appVersion: /m.test(chartYaml)) {
    throw new Error(`${RELEASE_FILES.chart} has no version and appVersion lines`);
  }
  return chartYaml.replace(/^version: .*$/m, `version: ${version}`).replace(/^appVersion: .*$/m, `appVersion: "${version}"`);
}

/**
 * How `nx release` versions the platform (the `platform` project, one fixed release): it reads the release from
 * Cargo.toml and writes a new one there, into Cargo.lock and into the chart, so that the binaries (their footer,
 * `/ready`), the images' labels and the chart all name the same release.
 */
export default class PlatformVersionActions extends VersionActions {
  validManifestFilenames = [RELEASE_FILES.cargoToml];

  async readCurrentVersionFromSourceManifest(tree: Tree): Promise<{ currentVersion: string; manifestPath: string } | null> {
    const currentVersion = readWorkspaceVersion(tree.read(RELEASE_FILES.cargoToml, 'utf-8') ?? '');
    return currentVersion ? { currentVersion, manifestPath: RELEASE_FILES.cargoToml } : null;
  }

  /** Releases are read from the repository (Cargo.toml, or the git tags), never from a registry. */
  async readCurrentVersionFromRegistry(): Promise<null> {
    return null;
  }

  /** The platform is one release: it depends on no other released project. */
  async readCurrentVersionOfDependency(): Promise<{ currentVersion: null; dependencyCollection: null }> {
    return { currentVersion: null, dependencyCollection: null };
  }

  async updateProjectDependencies(): Promise<string[]> {
    return [];
  }

  async updateProjectVersion(tree: Tree, newVersion: string): Promise<string[]> {
    const cargoToml = tree.read(RELEASE_FILES.cargoToml, 'utf-8') ?? '';
    const previous = readWorkspaceVersion(cargoToml);
    if (!previous) throw new Error(`${RELEASE_FILES.cargoToml} has no [workspace.package] version`);
    tree.write(RELEASE_FILES.cargoToml, withWorkspaceVersion(cargoToml, newVersion));
    tree.write(RELEASE_FILES.cargoLock, withLockedWorkspaceVersion(tree.read(RELEASE_FILES.cargoLock, 'utf-8') ?? '', previous, newVersion));
    tree.write(RELEASE_FILES.chart, withChartVersion(tree.read(RELEASE_FILES.chart, 'utf-8') ?? '', newVersion));
    return Object.values(RELEASE_FILES).map((file) => `✍️  New version ${newVersion} written to ${file}`);
  }
}
