import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface CargoWorkspaceFixture {
  root: string;
  /** Workspace-relative paths of every Cargo.toml, as Nx hands them to `createNodes`. */
  manifests: string[];
  writeFile(path: string, content: string): void;
  remove(): void;
}

/**
 * A throw-away Cargo workspace on disk: two binaries (`alpha`, `beta`) sharing the library `shared`,
 * through a normal dependency and a dev-dependency respectively. No registry crates, so cargo works offline.
 */
export function createCargoWorkspace(): CargoWorkspaceFixture {
  const root = mkdtempSync(join(tmpdir(), 'nx-plugin-cargo-'));
  const writeFile = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };

  const files: Record<string, string> = {
    'Cargo.toml': '[workspace]\nresolver = "3"\nmembers = ["apps/alpha", "apps/beta", "libs/shared"]\n',
    'apps/alpha/Cargo.toml': manifest('alpha', '[dependencies]\nshared = { path = "../../libs/shared" }\n'),
    'apps/alpha/src/main.rs': 'fn main() {}\n',
    'apps/beta/Cargo.toml': manifest(
      'beta',
      'description = "The second binary."\n\n[[bin]]\nname = "beta-server"\npath = "src/main.rs"\n\n' +
        '[dev-dependencies]\nshared = { path = "../../libs/shared" }\n',
    ),
    'apps/beta/src/main.rs': 'fn main() {}\n',
    'libs/shared/Cargo.toml': manifest('shared', ''),
    'libs/shared/src/lib.rs': 'pub fn answer() -> u32 { 42 }\n',
  };
  for (const [path, content] of Object.entries(files)) writeFile(path, content);

  return {
    root,
    manifests: Object.keys(files).filter((path) => path.endsWith('Cargo.toml')),
    writeFile,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function manifest(name: string, rest: string): string {
  return `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2024"\n${rest}`;
}
