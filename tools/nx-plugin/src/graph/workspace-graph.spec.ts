import { workspaceRoot } from '@nx/devkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, runNx } from '@coaching/process';

/**
 * The real workspace, through the real `nx` CLI: proves the plugin, nx.json's named inputs and apps/db wire
 * up `nx affected` as intended. No daemon, so every call computes the graph from scratch.
 */
async function nx(...args: string[]): Promise<string> {
  return (await runNx(workspaceRoot, args)).stdout;
}

/** The crates cargo counts as workspace members: the projects the plugin must infer. */
async function cargoCrates(): Promise<string[]> {
  const { stdout } = await run('cargo', ['metadata', '--no-deps', '--offline', '--format-version=1'], { cwd: workspaceRoot });
  const metadata = JSON.parse(stdout) as { workspace_members: string[]; packages: { id: string; name: string }[] };
  return metadata.packages.filter((pkg) => metadata.workspace_members.includes(pkg.id)).map((pkg) => pkg.name);
}

async function affectedBy(file: string, ...filters: string[]): Promise<string[]> {
  return JSON.parse(await nx('show', 'projects', '--affected', `--files=${file}`, ...filters, '--json')) as string[];
}

/** The images `nx affected -t docker-build` would rebuild after a change to `file`. */
async function imagesRebuiltFor(file: string): Promise<string[]> {
  return (await affectedBy(file, '--with-target=docker-build')).sort();
}

describe('the workspace graph', () => {
  let rustProjects: string[];
  beforeAll(async () => {
    rustProjects = JSON.parse(await nx('show', 'projects', '--projects=tag:lang:rust', '--json')) as string[];
  });

  it('has a project per crate, plus db and the plugin itself', async () => {
    const projects = JSON.parse(await nx('show', 'projects', '--json')) as string[];

    expect(rustProjects.sort()).toEqual((await cargoCrates()).sort());
    expect(projects).toEqual(expect.arrayContaining([...rustProjects, 'db', 'nx-plugin']));
  });

  it('caches only the api binary from a release build, keyed on where cargo compiles', async () => {
    const api = JSON.parse(await nx('show', 'project', 'api', '--json'));

    expect(api.targets.build.outputs).toEqual(['{workspaceRoot}/target/release/api']);
    expect(api.targets.build.inputs).toContainEqual({ env: 'CARGO_TARGET_DIR' });
  });

  it('affects the crates that depend on a changed library, and only those', async () => {
    const affected = await affectedBy('libs/contract/src/lib.rs');

    expect(affected).toEqual(expect.arrayContaining(['contract', 'api', 'web']));
    expect(affected).not.toContain('testkit');
  });

  it('affects only api among the crates when its source changes, and the projects that run or check it', async () => {
    const affected = await affectedBy('apps/api/src/main.rs');

    expect(affected.filter((project) => rustProjects.includes(project))).toEqual(['api']);
    // e2e runs it in a browser; bench measures it; deploy's files are generated from its settings (all three say so
    // with implicitDependencies); architecture checks its module layering and copy-paste.
    expect(affected.sort()).toEqual(['api', 'architecture', 'bench', 'deploy', 'e2e']);
  });

  it('affects migration, its dependent api and the db project when a migration changes', async () => {
    const affected = await affectedBy('apps/db/migration/src/lib.rs');

    expect(affected).toEqual(expect.arrayContaining(['migration', 'api', 'db']));
    expect(affected).not.toContain('contract');
    expect(affected).not.toContain('testkit');
  });

  it.each(['Cargo.lock', 'Cargo.toml'])('affects every Rust project when the workspace %s changes', async (file) => {
    expect(await affectedBy(file)).toEqual(expect.arrayContaining(rustProjects));
  });

  it('rebuilds only the images a change touches', async () => {
    expect(await imagesRebuiltFor('apps/web/src/main.rs')).toEqual(['web']);
    expect(await imagesRebuiltFor('libs/contract/src/lib.rs')).toEqual(['api', 'web']);
    expect(await imagesRebuiltFor('apps/db/initdb/10-application-database.sh')).toEqual(['db']);
    // db depends on its migration crate, which Cargo.lock pins too; its image build is a layer-cache hit.
    expect(await imagesRebuiltFor('Cargo.lock')).toEqual(expect.arrayContaining(['api', 'web']));
  });
});
