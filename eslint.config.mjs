// The layers of the TypeScript workspace, enforced: each project's `type:` tag (its project.json) names what it may
// import (@nx/enforce-module-boundaries, over the Nx project graph). Every TypeScript project's `lint` target runs
// ESLint with this file; tools/architecture/src/module-boundaries.spec.ts proves a wrong import fails. The pictures
// are in docs/architecture.md.
import nx from '@nx/eslint-plugin';
import typescriptParser from '@typescript-eslint/parser';

/** The libraries, lowest first: each may import those before it that its line names. */
const MODEL = 'type:model';
const PROCESS = 'type:process';
const DBML = 'type:dbml';
const TOOL_CACHE = 'type:tool-cache';
const DEPLOYMENT = 'type:deployment';
const RUNTIME = 'type:runtime';
const USE_CASE = 'type:use-case';
const TESTING = 'type:testing';
const LIBRARIES = [MODEL, PROCESS, DBML, TOOL_CACHE, DEPLOYMENT, RUNTIME, USE_CASE];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '**/target/**', '.nx/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: typescriptParser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            // What the platform is, without IO; and the one module that starts processes: they import no project.
            { sourceTag: MODEL, onlyDependOnLibsWithTags: [MODEL] },
            { sourceTag: PROCESS, onlyDependOnLibsWithTags: [PROCESS] },
            { sourceTag: DBML, onlyDependOnLibsWithTags: [DBML] },
            { sourceTag: TOOL_CACHE, onlyDependOnLibsWithTags: [MODEL, PROCESS] },
            { sourceTag: DEPLOYMENT, onlyDependOnLibsWithTags: [MODEL, PROCESS, TOOL_CACHE] },
            // A runtime offers primitives; it never reaches up to the use cases that decide the order.
            { sourceTag: RUNTIME, onlyDependOnLibsWithTags: [MODEL, PROCESS, TOOL_CACHE, DEPLOYMENT] },
            { sourceTag: USE_CASE, onlyDependOnLibsWithTags: [MODEL, PROCESS, DEPLOYMENT, RUNTIME] },
            // The executors: options in, a use case (or a primitive) called, the result reported.
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: LIBRARIES },
            { sourceTag: TESTING, onlyDependOnLibsWithTags: [MODEL, PROCESS, TOOL_CACHE, DEPLOYMENT, RUNTIME, USE_CASE] },
            // Tests and benchmarks use any library and the test support, never one another.
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: [...LIBRARIES, TESTING] },
            { sourceTag: 'type:bench', onlyDependOnLibsWithTags: [...LIBRARIES, TESTING] },
            { sourceTag: 'type:deploy', onlyDependOnLibsWithTags: [...LIBRARIES, TESTING] },
            // Workspace checks and npm test's runner look at everything.
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Loaded by vitest, which resolves no path alias: they import the configuration all projects share
    // (tools/vitest/, part of no project) by its path.
    files: ['**/vitest.config.ts', '**/vitest.*.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The graph half of the Nx plugin runs inside every `nx` command: it must not load the runtimes.
    files: ['tools/nx-plugin/src/index.ts', 'tools/nx-plugin/src/graph/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@coaching/*', '!@coaching/process'], message: 'The graph plugin runs in every nx command: @coaching/process only.' }],
        },
      ],
    },
  },
];
