// Refuses a Node.js older than package.json's engines.node, then installs the npm dependencies when they are missing or
// older than package-lock.json, so the README's commands work on a fresh clone. Runs before `npm start`, `npm stop`,
// `npm test` and every `make` command (plain Node, no deps).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// npm itself only warns about engines; older Node.js fails later with errors that do not say why.
const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '';
const oldest = /^>=\s*(\d+)$/.exec(range)?.[1];
if (!oldest) throw new Error(`tools/scripts/ensure-dependencies.mjs reads engines.node of the form >=N; package.json has "${range}"`);
if (Number(process.versions.node.split('.')[0]) < Number(oldest)) {
  console.error(
    `This is Node.js ${process.version}; the platform needs Node.js ${oldest} or newer (package.json engines.node). ` +
      `docs/setup.md, step 2, says how to install it; then open a new terminal.`,
  );
  process.exit(1);
}
const modified = (file) => {
  try {
    return statSync(join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
};

// npm writes node_modules/.package-lock.json at the end of every install.
if (modified('node_modules/.package-lock.json') < modified('package-lock.json')) {
  console.log('Installing npm dependencies (npm ci)...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
