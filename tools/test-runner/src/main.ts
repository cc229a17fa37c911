/**
 * `npm test` (started by npm-test.cjs): checks up front what the tests need beyond `npm start` (one line for each
 * thing missing, with how to get it), runs every project's lint, format check and tests through Nx, and ends by
 * naming the tests it could not run. Without a Docker engine the container tests are left out and listed by name;
 * under CI (`CI=true`) a missing engine stops the run like anything else, so nothing is ever skipped there.
 *
 * Arguments are passed on to `nx run-many` (`npm test -- --projects=api`).
 */
import { join } from 'node:path';
import { RunError, runNx } from '@coaching/process';
import { leftOutLine, type Missing, missingLine, missingRequirements, SETUP_DOC } from './requirements';
import { CONTAINER_TESTS, selectedBy, testNames, type TestGroup } from './test-groups';

const TARGETS = ['lint', 'fmt-check', 'test'];
const GROUPS: readonly TestGroup[] = [CONTAINER_TESTS];

async function main(workspaceRoot: string, args: readonly string[], ci: boolean): Promise<number> {
  // What only some tests need matters only when the arguments select those tests.
  const missing: Missing[] = [];
  for (const item of await missingRequirements(workspaceRoot)) {
    const group = item.requirement.onlyFor;
    if (!group || (await selectedBy(args, workspaceRoot, group))) missing.push(item);
  }
  const stopping = missing.filter(({ requirement }) => ci || !requirement.onlyFor);
  if (stopping.length > 0) {
    for (const item of stopping) console.error(missingLine(item));
    console.error(`(${SETUP_DOC} says more${ci ? '; under CI no test may be left out' : ''})`);
    return 1;
  }
  for (const item of missing) console.log(leftOutLine(item));
  const leftOut = GROUPS.filter((group) => missing.some(({ requirement }) => requirement.onlyFor === group));

  const targets = [...TARGETS, ...GROUPS.filter((group) => !leftOut.includes(group)).map((group) => group.target)];
  const code = await runNx(workspaceRoot, ['run-many', '-t', ...targets, '--output-style=stream', ...args], { stdio: 'inherit' }).then(
    () => 0,
    (error: unknown) => {
      if (error instanceof RunError) return error.exitCode ?? 1;
      throw error;
    },
  );

  for (const group of leftOut) {
    const names = await testNames(workspaceRoot, group);
    console.log(`\nNot run: ${group.title} (${group.project}:${group.target}), ${names.length} tests:`);
    for (const name of names) console.log(`  - ${name}`);
  }
  return code;
}

const ci = ['true', '1'].includes((process.env['CI'] ?? '').toLowerCase());
main(join(__dirname, '..', '..', '..'), process.argv.slice(2), ci).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
