import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
