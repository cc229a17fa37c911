// `npm test`'s entry: src/main.ts with the workspace's TypeScript path aliases. The loaders are told the tsconfig by
// absolute path: the Nx and vitest processes the runner starts inherit the setting, and some start in other folders.
const { join } = require('node:path');

process.env.TS_NODE_PROJECT = join(__dirname, '..', '..', 'tsconfig.base.json');
require('@swc-node/register');
require('tsconfig-paths/register');
require('./src/main.ts');
