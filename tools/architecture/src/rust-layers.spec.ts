import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RUST_LAYERS, layerViolations } from './rust-layers';
import { readModuleGraph } from './rust-modules';

const workspace = join(__dirname, '..', '..', '..');
let scratch: string | undefined;

async function scratchDir(): Promise<string> {
  scratch = await mkdtemp(join(tmpdir(), 'rust-layers-'));
  return scratch;
}

afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe('layerViolations', () => {
  it('names the file and the edge the table does not allow, and a forbidden crate', async () => {
    const dir = await scratchDir();
    const files: Record<string, string> = {
      'src/lib.rs': 'mod domain;\nmod error;\nmod storage;',
      'src/domain.rs': 'pub struct Rule;\nfn f() { let _ = sea_orm::Value::Bool(None); }',
      'src/error.rs': 'use crate::domain::Rule;\npub struct ApiError;',
      'src/storage/mod.rs': 'mod people;',
      'src/storage/people.rs': 'use crate::domain::Rule;\nuse crate::error::ApiError;',
    };
    for (const [file, source] of Object.entries(files)) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), source);
    }
    const layers = {
      uses: { crate: ['domain', 'error', 'storage'], error: ['domain'], storage: ['domain'], domain: [] },
      forbiddenCrates: { domain: ['sea_orm'] },
    };
    expect(layerViolations(dir, readModuleGraph(dir, 'src/lib.rs'), layers)).toEqual([
      'src/domain.rs: domain names the crate sea_orm',
      'src/storage/people.rs: storage → error is not an allowed edge',
    ]);
  });

  for (const crate of Object.keys(RUST_LAYERS)) {
    it(`finds every reference of ${crate} on an allowed edge`, () => {
      const dir = join(workspace, crate);
      expect(layerViolations(dir, readModuleGraph(dir, 'src/lib.rs'), RUST_LAYERS[crate])).toEqual([]);
    });
  }

  it('fails the api once storage uses the HTTP error module', async () => {
    const copy = join(await scratchDir(), 'api');
    await cp(join(workspace, 'apps/api/src'), join(copy, 'src'), { recursive: true });
    const people = join(copy, 'src/storage/people.rs');
    await writeFile(people, `use crate::error::ApiError;\n${await readFile(people, 'utf8')}`);
    expect(layerViolations(copy, readModuleGraph(copy, 'src/lib.rs'), RUST_LAYERS['apps/api'])).toEqual([
      'src/storage/people.rs: storage → error is not an allowed edge',
    ]);
  });

  it('fails the api once the domain uses SQL', async () => {
    const copy = join(await scratchDir(), 'api');
    await cp(join(workspace, 'apps/api/src'), join(copy, 'src'), { recursive: true });
    const policy = join(copy, 'src/domain/policy.rs');
    await writeFile(policy, `use sea_orm::DbErr;\n${await readFile(policy, 'utf8')}`);
    expect(layerViolations(copy, readModuleGraph(copy, 'src/lib.rs'), RUST_LAYERS['apps/api'])).toEqual([
      'src/domain/policy.rs: domain names the crate sea_orm',
    ]);
  });
});
