import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from '@nx/devkit';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = join('tools', 'scripts', 'ensure-dependencies.mjs');

/** tools/scripts/ensure-dependencies.mjs run by this Node.js in a workspace whose package.json names `engines`, its npm install up to date. */
async function runIn(engines: string): Promise<{ code: number; stderr: string }> {
  const root = await mkdtemp(join(tmpdir(), 'ensure-dependencies-'));
  roots.push(root);
  await mkdir(join(root, 'tools', 'scripts'), { recursive: true });
  await copyFile(join(workspaceRoot, SCRIPT), join(root, SCRIPT));
  await writeFile(join(root, 'package.json'), JSON.stringify({ engines: { node: engines } }));
  await writeFile(join(root, 'package-lock.json'), '{}');
  await mkdir(join(root, 'node_modules'));
  await writeFile(join(root, 'node_modules', '.package-lock.json'), '{}');
  try {
    await promisify(execFile)(process.execPath, [join(root, SCRIPT)], { cwd: root });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

describe('ensure-dependencies (before npm start, npm test and every make command)', () => {
  const major = Number(process.versions.node.split('.')[0]);

  it('refuses a Node.js older than engines.node, saying which and where the docs say how to install it', async () => {
    const { code, stderr } = await runIn(`>=${major + 1}`);
    expect(code).toBe(1);
    expect(stderr).toContain(`This is Node.js ${process.version}; the platform needs Node.js ${major + 1} or newer`);
    expect(stderr).toContain('docs/setup.md, step 2');
  });

  it('goes on with a Node.js engines.node accepts', async () => {
    expect(await runIn(`>=${major}`)).toEqual({ code: 0, stderr: '' });
  });
});
