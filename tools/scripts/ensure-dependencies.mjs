// Installs the npm dependencies when they are missing or older than package-lock.json, so the
// README's commands work on a fresh clone. Runs before `npm start`, `npm stop`, `npm test` and every `make` command
// (plain Node, no deps).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
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
