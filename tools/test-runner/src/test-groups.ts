import { join } from 'node:path';
import { run, runNx } from '@coaching/process';

/** Tests with a target of their own, which `npm test` leaves out when the machine lacks what they need. */
export interface TestGroup {
  /** What they are, for the summary. */
  title: string;
  project: string;
  /** The project's folder, where their vitest configuration lives. */
  root: string;
  target: string;
  config: string;
}

/**
 * The tests that need a Docker engine: the e2e project's `test-docker` target, which runs this vitest
 * configuration (a target of their own because it depends on the image builds, which need the engine too).
 */
export const CONTAINER_TESTS: TestGroup = {
  title: 'the container tests',
  project: 'e2e',
  root: 'apps/e2e',
  target: 'test-docker',
  config: 'vitest.docker.config.ts',
};

/** The full name of every test of `group` (`file > suite > test`), collected by vitest without running them. */
export async function testNames(workspaceRoot: string, group: TestGroup): Promise<string[]> {
  const vitest = join(workspaceRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const { stdout } = await run(process.execPath, [vitest, 'list', '--config', group.config, '--json'], { cwd: join(workspaceRoot, group.root) });
  const tests = JSON.parse(stdout) as { name: string; file: string }[];
  return tests.map(({ name, file }) => `${file.replace(`${workspaceRoot}/`, '')} > ${name}`);
}

/** Whether `nx run-many` with the arguments given to `npm test` would run `group` (they may select other projects). */
export async function selectedBy(args: readonly string[], workspaceRoot: string, group: TestGroup): Promise<boolean> {
  // Nx's plan as JSON instead of a run; a `--graph` of the caller's own would turn that into a graph server.
  const selection = args.filter((arg) => !arg.startsWith('--graph'));
  const { stdout } = await runNx(workspaceRoot, ['run-many', '-t', group.target, ...selection, '--graph=stdout']);
  const plan = JSON.parse(stdout) as { tasks: { tasks: Record<string, unknown> } };
  return `${group.project}:${group.target}` in plan.tasks.tasks;
}
