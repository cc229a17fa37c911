import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimumNodeMajor, missingLine, nodeProblem, REQUIREMENTS, supportedNode } from './requirements';

const workspaceRoot = join(__dirname, '..', '..', '..');

describe('the Node.js requirement', () => {
  it('reads the supported releases from package.json, their one home', () => {
    expect(minimumNodeMajor(supportedNode(workspaceRoot))).toBeGreaterThanOrEqual(24);
  });

  it('accepts the releases in the range and anything newer', () => {
    expect(nodeProblem('v24.0.0', '>=24')).toBeUndefined();
    expect(nodeProblem('v26.10.0', '>=24')).toBeUndefined();
  });

  it('names a minimum below a major as it is', () => {
    expect(nodeProblem('v24.1.0', '>=24.3')).toMatch(/^this is Node.js v24.1.0, and the tools need 24.3.0 or newer: install Node.js 24,/);
  });

  it('refuses an older one in one line, with the command that installs the right one on each system', () => {
    const line = missingLine({ requirement: REQUIREMENTS[0], problem: nodeProblem('v20.20.2', '>=24') ?? '' });
    expect(line).toBe(
      'npm test needs the Node.js release package.json names (engines.node): this is Node.js v20.20.2, and the tools need 24 or newer: ' +
        'install Node.js 24, then open a new terminal. macOS: `brew install node@24 && brew link --overwrite node@24`; ' +
        'Ubuntu, Debian and Windows (in WSL): `curl -fsSL https://deb.nodesource.com/setup_24.x | sudo -E bash - && sudo apt install -y nodejs` ' +
        '(or, with nvm, `nvm install 24`)',
    );
  });

  it('is met by the Node.js running these tests', async () => {
    expect(await REQUIREMENTS[0].problem(workspaceRoot)).toBeUndefined();
  });
});
