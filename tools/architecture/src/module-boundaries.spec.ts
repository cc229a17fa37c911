import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNx } from '@coaching/process';

const workspaceRoot = join(__dirname, '..', '..', '..');

/**
 * The layers of eslint.config.mjs hold: a wrong import fails `lint`. Each case lints a source as if it were a file of
 * the project it names (the file need not exist), with the workspace's own ESLint configuration and project graph.
 */
describe('the module boundaries of the TypeScript projects', () => {
  const eslint = new ESLint({ cwd: workspaceRoot });

  beforeAll(async () => {
    // The rule reads the project graph Nx caches; any nx command brings it up to date with the project.json tags.
    await runNx(workspaceRoot, ['show', 'projects']);
  }, 120_000);

  /** What ESLint says about `source` as the file `path` (from the workspace root). */
  async function lint(path: string, source: string): Promise<Linter.LintMessage[]> {
    const [result] = await eslint.lintText(source, { filePath: join(workspaceRoot, path) });
    return result.messages;
  }

  const boundary = (message: string) =>
    expect.objectContaining({ ruleId: '@nx/enforce-module-boundaries', message: expect.stringContaining(message) });

  it('refuses the platform model importing a runtime: the model does no IO, and the runtime imports the model', async () => {
    const messages = await lint(
      'libs/platform-model/src/wrong.ts',
      "import { NativeRuntime } from '@coaching/runtime';\nexport const runtime = NativeRuntime;\n",
    );

    expect(messages).toEqual([
      boundary('Circular dependency between "platform-model" and "runtime" detected: platform-model -> runtime -> platform-model'),
    ]);
  });

  it('refuses the platform model importing any project, even one that imports nothing back', async () => {
    const messages = await lint('libs/platform-model/src/wrong.ts', "import { run } from '@coaching/process';\nexport const spawn = run;\n");

    expect(messages).toEqual([boundary('A project tagged with "type:model" can only depend on libs tagged with "type:model"')]);
  });

  it('refuses a runtime importing the use cases that drive it', async () => {
    const messages = await lint('libs/runtime/src/wrong.ts', "import { up } from '@coaching/use-cases';\nexport const start = up;\n");

    expect(messages).toEqual([boundary('Circular dependency between "runtime" and "use-cases" detected')]);
  });

  it('refuses the end-to-end tests importing the Nx plugin: they run its targets through nx, as a person does', async () => {
    const messages = await lint(
      'apps/e2e/src/wrong.spec.ts',
      "import { createNodes } from '@coaching/nx-plugin';\nexport const nodes = createNodes;\n",
    );

    expect(messages).toEqual([boundary('A project tagged with "type:e2e" can only depend on libs tagged with')]);
  });

  it('refuses a benchmark reaching into the end-to-end tests by path', async () => {
    const messages = await lint(
      'bench/wrong.bench.ts',
      "import { launchBrowser } from '../apps/e2e/src/browser';\nexport const browser = launchBrowser;\n",
    );

    expect(messages).toEqual([boundary('Projects cannot be imported by a relative or absolute path')]);
  });

  it('refuses the graph plugin, loaded by every nx command, importing a runtime', async () => {
    const messages = await lint(
      'tools/nx-plugin/src/graph/wrong.ts',
      "import { readSettings } from '@coaching/runtime';\nexport const settings = readSettings;\n",
    );

    expect(messages).toEqual([expect.objectContaining({ ruleId: 'no-restricted-imports' })]);
  });

  it('lets each layer import the ones below it', async () => {
    expect(
      await lint('libs/use-cases/src/right.ts', "import { NativeRuntime } from '@coaching/runtime';\nexport const runtime = NativeRuntime;\n"),
    ).toEqual([]);
    expect(await lint('bench/right.bench.ts', "import { webLogin } from '@coaching/testing';\nexport const login = webLogin;\n")).toEqual([]);
  });
});
