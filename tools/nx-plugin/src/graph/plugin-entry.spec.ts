import { relative } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { run } from '@coaching/process';

describe('the plugin entry point', () => {
  // Every nx command loads it: only @coaching/process comes along, never the runtimes, compose or database code.
  it('loads graph inference and the process helpers only', async () => {
    const listLoadedFiles = `require('./tools/nx-plugin/src/index.ts'); console.log(JSON.stringify(Object.keys(require.cache)))`;
    const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', '-e', listLoadedFiles], {
      cwd: workspaceRoot,
      env: { SWC_NODE_PROJECT: 'tools/nx-plugin/tsconfig.json' },
    });

    const workspaceFiles = (JSON.parse(stdout) as string[])
      .map((file) => relative(workspaceRoot, file))
      .filter((file) => !file.startsWith('..') && !file.includes('node_modules'));

    expect(workspaceFiles).toContain('libs/process/src/run.ts');
    for (const file of workspaceFiles) {
      expect(file).toMatch(/^(tools\/nx-plugin\/src\/(index\.ts|graph\/|utils\/)|libs\/process\/src\/)/);
    }
  });
});
