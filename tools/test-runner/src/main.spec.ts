import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, RunError } from '@coaching/process';
import { CONTAINER_TESTS } from './test-groups';

const workspaceRoot = join(__dirname, '..', '..', '..');

/** A `docker` first on PATH that prints `script`'s answers: the engine `npm test` finds. */
function dockerThat(script: string): string {
  const bin = mkdtempSync(join(tmpdir(), 'runner-docker-'));
  writeFileSync(join(bin, 'docker'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, 'docker'), 0o755);
  folders.push(bin);
  return bin;
}
const folders: string[] = [];

const NO_ENGINE = 'exit 1';
const AN_ENGINE = `case "$1" in\n  version) echo 27.3.1 ;;\n  compose) echo "Docker Compose version v2.29.7" ;;\n  buildx) echo "github.com/docker/buildx v0.17.1 257d8a6" ;;\n  *) exit 1 ;;\nesac`;

/**
 * `npm test` as the README runs it, with `docker` answering as told and `--graph=stdout`, so Nx prints the tasks
 * it would run instead of running them. Returns the exit code and all it printed.
 */
async function npmTest(
  docker: string,
  env: Record<string, string | undefined>,
  args: readonly string[] = [],
): Promise<{ code: number; output: string }> {
  const environment = { PATH: `${dockerThat(docker)}:${process.env['PATH']}`, NX_DAEMON: 'false', ...env };
  try {
    const { stdout, stderr } = await run('npm', ['test', '--silent', '--', ...args, '--graph=stdout'], { cwd: workspaceRoot, env: environment });
    return { code: 0, output: `${stdout}\n${stderr}` };
  } catch (error) {
    if (!(error instanceof RunError)) throw error;
    return { code: error.exitCode ?? -1, output: error.message };
  }
}

describe('npm test', () => {
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('runs the container tests when a Docker engine answers', async () => {
    const { code, output } = await npmTest(AN_ENGINE, { CI: undefined });
    expect(code).toBe(0);
    expect(output).toContain(`"${CONTAINER_TESTS.project}:${CONTAINER_TESTS.target}"`);
    expect(output).not.toContain('Not run');
  });

  it('leaves the container tests out without an engine, saying why up front and naming each at the end', async () => {
    const { code, output } = await npmTest(NO_ENGINE, { CI: undefined });
    expect(code).toBe(0);
    const lines = output.split('\n');
    expect(lines[0]).toBe(
      'No Docker engine answers: start Docker Desktop or the docker service, or check that your user may use it (docs/troubleshooting.md). ' +
        'The container tests need it and will not run; they are listed at the end.',
    );
    expect(output).not.toContain(`"${CONTAINER_TESTS.project}:${CONTAINER_TESTS.target}"`);
    expect(output).toContain(`"${CONTAINER_TESTS.project}:test"`);
    const heading = lines.findIndex((line) => line.startsWith('Not run: '));
    expect(lines[heading]).toMatch(/^Not run: the container tests \(e2e:test-docker\), \d+ tests:$/);
    const notRun = lines.slice(heading + 1).filter((line) => line.trim());
    expect(notRun.every((line) => line.startsWith('  - apps/e2e/src/docker/'))).toBe(true);
    expect(notRun).toHaveLength(Number(/(\d+) tests/.exec(lines[heading])?.[1]));
    expect(notRun).toContain(
      '  - apps/e2e/src/docker/docker-stack.spec.ts > the platform in containers > keeps the note when the stack goes down and up again',
    );
    expect(notRun.filter((line) => line.startsWith('  - apps/e2e/src/docker/scale-out.spec.ts > '))).toHaveLength(5);
  });

  it('stops before building anything under CI without an engine, so nothing is skipped there', async () => {
    const { code, output } = await npmTest(NO_ENGINE, { CI: 'true' });
    expect(code).toBe(1);
    expect(output).toContain('npm test needs a Docker engine with Compose v2 and Buildx, for the container tests: No Docker engine answers');
    expect(output).toContain('under CI no test may be left out');
    expect(output).not.toContain('"graph"');
  });

  it('says nothing of the engine when the projects asked for have no container tests, even under CI', async () => {
    const { code, output } = await npmTest(NO_ENGINE, { CI: 'true' }, ['--projects=dbml']);
    expect(code).toBe(0);
    expect(output).not.toContain('No Docker engine answers');
    expect(output).toContain('"dbml:test"');
  });

  it('stops up front, in one line with the way to get it, when the browser is missing', async () => {
    const { code, output } = await npmTest(AN_ENGINE, { CI: undefined, CHROMIUM_PATH: '/nowhere/chromium' });
    expect(code).toBe(1);
    expect(output).toContain('npm test needs Chromium, for the browser tests: no Chromium found: `sudo apt install -y chromium`');
    expect(output).not.toContain('"graph"');
  });

  it("runs the container tests' configuration in their target", () => {
    const project = JSON.parse(readFileSync(join(workspaceRoot, CONTAINER_TESTS.root, 'project.json'), 'utf8')) as {
      targets: Record<string, { options?: { command?: string } }>;
    };
    expect(project.targets[CONTAINER_TESTS.target]?.options?.command).toBe(`vitest run --config ${CONTAINER_TESTS.config}`);
  });
});
