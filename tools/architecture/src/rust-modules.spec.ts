import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeOf, findCycles, readModuleGraph, referencedPaths } from './rust-modules';

let crateDir: string | undefined;

async function crate(files: Record<string, string>): Promise<string> {
  crateDir = await mkdtemp(join(tmpdir(), 'rust-modules-'));
  for (const [file, source] of Object.entries(files)) {
    await mkdir(dirname(join(crateDir, file)), { recursive: true });
    await writeFile(join(crateDir, file), source);
  }
  return crateDir;
}

afterEach(async () => {
  if (crateDir) await rm(crateDir, { recursive: true, force: true });
  crateDir = undefined;
});

describe('referencedPaths', () => {
  it('expands use trees and finds paths in code, child modules included', () => {
    const source = `
      use crate::{app::AppState, storage::{access, people::Person as P}};
      use axum::Router;
      fn f() { super::errors::bad(); routes::router(); let x = Self::new(); self::inner::g(); }`;
    expect(referencedPaths(source, ['routes']).sort()).toEqual(
      [
        'crate::app::AppState',
        'crate::storage::access',
        'crate::storage::people::Person',
        'self::inner::g',
        'self::routes::router',
        'super::errors::bad',
      ].sort(),
    );
  });

  it('ignores comments, strings and inline test modules', () => {
    const source = '// use crate::a;\n/* crate::b */ let s = "crate::c";\n#[cfg(test)]\nmod tests { use crate::d; fn f() { if true {} } }';
    expect(referencedPaths(codeOf(source))).toEqual([]);
  });
});

describe('findCycles', () => {
  it('names the files of a cycle through a parent module and its children', async () => {
    const dir = await crate({
      'src/main.rs': 'mod app;\nmod routes;\nfn main() { app::run(); }',
      'src/app.rs': 'use crate::routes::router;\npub struct AppState;\npub fn run() { router(); }',
      'src/routes/mod.rs': 'mod goals;\npub fn router() { goals::list(); }',
      'src/routes/goals.rs': 'use crate::app::AppState;\npub fn list() {}',
    });
    expect(findCycles(readModuleGraph(dir, 'src/main.rs'))).toEqual([['src/app.rs', 'src/routes/goals.rs', 'src/routes/mod.rs']]);
  });

  it('finds none in layers that only point down', async () => {
    const dir = await crate({
      'src/lib.rs': 'pub mod state;\npub mod routes;\npub use routes::router;',
      'src/state.rs': 'pub struct AppState;\n#[cfg(test)]\nmod tests {\n  use crate::routes::router;\n  fn t() { router(); }\n}',
      'src/routes.rs': 'use crate::state::AppState;\npub fn router() {}',
    });
    const graph = readModuleGraph(dir, 'src/lib.rs');
    expect([...graph.files.values()].sort()).toEqual(['src/lib.rs', 'src/routes.rs', 'src/state.rs']);
    expect(findCycles(graph)).toEqual([]);
  });
});
