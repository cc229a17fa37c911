import { readFileSync } from 'node:fs';
import { platform } from 'node:os';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';
import { run } from '@coaching/process';
import { requireDocker } from '@coaching/runtime';
import { ACTIONLINT, chromiumPath, goProblem, HELM, isInstalled, MAILPIT, OCI_TOOLS, PYTHON_INSTALL_STEPS } from '@coaching/tool-cache';
import { CONTAINER_TESTS, type TestGroup } from './test-groups';

/** Where setup.md says what the tests need and how to install it. */
export const SETUP_DOC = 'docs/setup.md#checking-your-setup-the-tests';

/** Something the tests need that `npm start` does not, and no npm package can bring. */
export interface Requirement {
  /** What it is, and which tests need it. */
  title: string;
  /** Undefined when the machine has it; otherwise one line saying what is wrong and how to get it. */
  problem(workspaceRoot: string): Promise<string | undefined>;
  /**
   * The tests that need it, when they alone do: without it they are left out and reported as not run, by name,
   * instead of stopping the run (a Docker engine is optional for the platform too). Under CI nothing is left out.
   */
  onlyFor?: TestGroup;
}

/** Whether `file args` runs and exits 0. */
async function runs(file: string, args: readonly string[], cwd: string): Promise<boolean> {
  return run(file, args, { cwd }).then(
    () => true,
    () => false,
  );
}

/** The Node.js releases the workspace's tools run on: `engines.node` in package.json, their one home. */
export function supportedNode(workspaceRoot: string): string {
  const manifest = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  const range = manifest.engines?.node;
  if (!range || !minVersion(range)) throw new Error(`package.json has no valid engines.node (${range}): it names the Node.js the tools need`);
  return range;
}

/** The oldest Node.js major in `range` (`>=24` → 24): the one the docs name and the fixes install. */
export function minimumNodeMajor(range: string): number {
  const minimum = minVersion(range);
  if (!minimum) throw new Error(`not a Node.js version range: ${range}`);
  return minimum.major;
}

/** Undefined when Node.js `version` (as `process.version` says it) is in `range`; otherwise what is wrong and the fix on each system. */
export function nodeProblem(version: string, range: string): string | undefined {
  if (satisfies(version, range)) return undefined;
  const major = minimumNodeMajor(range);
  const oldest = minVersion(range)?.version.replace(/\.0\.0$/, '');
  return (
    `this is Node.js ${version}, and the tools need ${oldest} or newer: install Node.js ${major}, then open a new terminal. ` +
    `macOS: \`brew install node@${major} && brew link --overwrite node@${major}\`; ` +
    `Ubuntu, Debian and Windows (in WSL): \`curl -fsSL https://deb.nodesource.com/setup_${major}.x | sudo -E bash - && sudo apt install -y nodejs\` ` +
    `(or, with nvm, \`nvm install ${major}\`)`
  );
}

export const REQUIREMENTS: readonly Requirement[] = [
  {
    title: 'the Node.js release package.json names (engines.node)',
    async problem(workspaceRoot) {
      return nodeProblem(process.version, supportedNode(workspaceRoot));
    },
  },
  {
    title: 'Chromium, for the browser tests',
    async problem() {
      return chromiumPath()
        ? undefined
        : 'no Chromium found: `sudo apt install -y chromium` (Ubuntu: `chromium-browser`); on macOS set CHROMIUM_PATH to Google Chrome';
    },
  },
  {
    title: 'Python 3 with venv, for the OpenAPI fuzz run and the chart check (both from PyPI)',
    async problem(workspaceRoot) {
      return (await runs('python3', ['-c', 'import ensurepip, venv'], workspaceRoot))
        ? undefined
        : `python3 or its venv module is missing. Install it: ${PYTHON_INSTALL_STEPS}`;
    },
  },
  {
    title: `Go, to build ${MAILPIT.title} (the Rust tests' mail catcher), ${HELM.title}, actionlint and the release tools (crane, ORAS, Syft) once per machine`,
    async problem(workspaceRoot) {
      if ([MAILPIT, HELM, ACTIONLINT, ...Object.values(OCI_TOOLS)].every((tool) => isInstalled(tool))) return undefined;
      return goProblem('the tools built with Go', workspaceRoot);
    },
  },
  ...(platform() === 'linux'
    ? [
        {
          title: "systemd-analyze, to check the server's systemd units",
          async problem(workspaceRoot: string) {
            return (await runs('systemd-analyze', ['--version'], workspaceRoot)) ? undefined : '`sudo apt install -y systemd`';
          },
        },
      ]
    : []),
  {
    title: 'restic, age and rclone, for the off-site backup and disaster recovery tests',
    async problem(workspaceRoot) {
      const checks: [string, string[]][] = [
        ['restic', ['version']],
        ['age', ['--version']],
        ['rclone', ['version']],
      ];
      const missing: string[] = [];
      for (const [program, args] of checks) if (!(await runs(program, args, workspaceRoot))) missing.push(program);
      return missing.length === 0
        ? undefined
        : `${missing.join(', ')} not on PATH: \`sudo apt install -y restic age rclone\` (macOS: \`brew install restic age rclone\`)`;
    },
    onlyFor: CONTAINER_TESTS,
  },
  {
    title: 'a Docker engine with Compose v2 and Buildx, for the container tests',
    async problem(workspaceRoot) {
      return requireDocker(workspaceRoot, ['compose', 'buildx']).then(
        () => undefined,
        (error: Error) => error.message,
      );
    },
    onlyFor: CONTAINER_TESTS,
  },
];

/** A requirement this machine lacks, and what is wrong. */
export interface Missing {
  requirement: Requirement;
  problem: string;
}

/** What this machine lacks of `requirements`, checked together. */
export async function missingRequirements(workspaceRoot: string, requirements: readonly Requirement[] = REQUIREMENTS): Promise<Missing[]> {
  const problems = await Promise.all(requirements.map((requirement) => requirement.problem(workspaceRoot)));
  return requirements.flatMap((requirement, index) => {
    const problem = problems[index];
    return problem === undefined ? [] : [{ requirement, problem }];
  });
}

/** One line for a missing requirement: what it is, for what, what is wrong and how to get it. */
export function missingLine({ requirement, problem }: Missing): string {
  return `npm test needs ${requirement.title}: ${problem}`;
}

/** One line for a requirement whose tests are left out: what is missing, and what happens instead. */
export function leftOutLine({ requirement, problem }: Missing): string {
  const tests = requirement.onlyFor?.title ?? 'the tests that need it';
  return `${problem.replace(/\.?$/, '.')} ${tests[0]?.toUpperCase()}${tests.slice(1)} need it and will not run; they are listed at the end.`;
}
