import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compare, prerelease, valid } from 'semver';

/**
 * The platform's release: the version of the Cargo workspace (`[workspace.package]` in Cargo.toml), which every binary
 * carries and `nx release` sets (with the chart's, tools/nx-plugin/src/release). Images are labelled with it.
 */
export function workspaceVersion(workspaceRoot: string): string {
  const cargoToml = readFileSync(join(workspaceRoot, 'Cargo.toml'), 'utf8');
  const version = /\[workspace\.package\][^[]*?\bversion\s*=\s*"([^"]+)"/.exec(cargoToml)?.[1];
  if (!version) throw new Error(`Cargo.toml has no [workspace.package] version: the platform's release lives there`);
  return version;
}

/** Whether `text` is a semantic version (1.2.3, 0.0.0-test.1), the only thing a release may be called. */
export function isReleaseVersion(text: string): boolean {
  return valid(text) === text;
}

/** Versions from oldest to newest, by semantic-version precedence (1.10.0 after 1.9.0, 1.0.0-rc.1 before 1.0.0). */
export function byPrecedence(versions: readonly string[]): string[] {
  return [...versions].sort(compare);
}

/**
 * The release `make upgrade` moves to when no version is named: the newest one. Pre-releases (1.0.0-rc.1) count only
 * for a server that runs a pre-release already; others keep to published versions.
 */
export function newestRelease(available: readonly string[], current: string): string | undefined {
  const candidates = prerelease(current) ? available : available.filter((version) => !prerelease(version));
  return byPrecedence(candidates).at(-1);
}

/** -1, 0 or 1 as `a` is older than, the same as or newer than `b`. */
export function compareReleases(a: string, b: string): -1 | 0 | 1 {
  return compare(a, b);
}
