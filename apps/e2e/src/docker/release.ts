import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { baseImageArguments } from '@coaching/deployment';
import { consoleReporter, run, RunError, startDetached } from '@coaching/process';
import { freePort, waitUntilAnswered } from '@coaching/runtime';
import { ociTool } from '@coaching/tool-cache';
import { copyOfCheckout } from './checkout';

/** A local OCI registry (`crane registry serve`), as a release test's stand-in for ghcr.io. */
export interface LocalRegistry {
  /** host:port */
  address: string;
  stop(): void;
}

/** Starts the registry, its blobs in `folder` (in memory they would take gigabytes: the base images are there too). */
export async function startRegistry(folder: string): Promise<LocalRegistry> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const blobs = join(folder, 'registry');
  await mkdir(blobs, { recursive: true });
  const pid = startDetached(await ociTool('crane', consoleReporter), ['registry', 'serve', '--address', address, '--disk', blobs], {
    cwd: workspaceRoot,
    env: { ...process.env } as Record<string, string>,
    logFile: join(folder, 'registry.log'),
  });
  if (!(await waitUntilAnswered(`http://${address}/v2/`, 15_000))) throw new Error(`the local registry did not answer on ${address}`);
  return { address, stop: () => process.kill(pid) };
}

/**
 * Copies the base images the Dockerfiles name (here: the machine's local stand-ins) into `mirror`, as an organisation's
 * mirror of Docker Hub holds them: a release pins them by the digests found there.
 */
export async function mirrorBaseImages(mirror: string): Promise<void> {
  const images = new Set<string>();
  for (const dockerfile of ['docker/rust.Dockerfile', 'docker/postgres.Dockerfile']) {
    for (const image of Object.values(baseImageArguments(await readFile(join(workspaceRoot, dockerfile), 'utf8')))) images.add(image);
  }
  for (const image of images) {
    await run('docker', ['tag', image, `${mirror}/${image}`], { cwd: workspaceRoot });
    await run('docker', ['push', '--quiet', `${mirror}/${image}`], { cwd: workspaceRoot });
  }
}

/** `git` in `folder`, as the test's own identity (a release commits and tags). */
export function git(folder: string, ...args: string[]) {
  return run('git', ['-c', 'user.name=Release Test', '-c', 'user.email=release-test@example.org', ...args], { cwd: folder });
}

/**
 * The developers' side: a copy of this checkout as a git repository whose origin is a bare repository of the test
 * (what servers clone), at release `0.0.0-test.0` with no pending version plans. Returns its folder and the origin's.
 */
export async function developerWorkspace(folder: string): Promise<{ workspace: string; origin: string }> {
  const workspace = await copyOfCheckout();
  const origin = join(folder, 'origin.git');
  await run('git', ['init', '--quiet', '--bare', origin], { cwd: folder });
  await git(workspace, 'remote', 'remove', 'origin').catch(() => undefined);
  await git(workspace, 'remote', 'add', 'origin', origin);
  await run('rm', ['-rf', '.nx/version-plans'], { cwd: workspace });
  await run(
    process.execPath,
    [join(workspace, 'node_modules/nx/dist/bin/nx.js'), 'release', 'version', '0.0.0-test.0', '--git-commit=false', '--git-tag=false'],
    {
      cwd: workspace,
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    },
  );
  await git(workspace, 'add', '--all');
  await git(workspace, 'commit', '--quiet', '--message', 'The platform, before its first test release');
  return { workspace, origin };
}

/**
 * Cuts and publishes the next release as docs/releases.md says: its note committed in UNRELEASED.md, the note as the
 * release's version plan (a pre-release step: 0.0.0-test.N), `nx release --skip-publish` (version, changelog, commit,
 * tag) with UNRELEASED.md emptied, then `nx release publish` to the registry, and pushes the commit and its tag to
 * origin. Returns everything the release commands printed.
 */
export async function cutRelease(workspace: string, note: string, publish: { registry: string; mirror: string }): Promise<string> {
  const unreleased = join(workspace, 'UNRELEASED.md');
  await writeFile(unreleased, `${note}\n`);
  await git(workspace, 'add', '--all');
  await git(workspace, 'commit', '--quiet', '--message', 'Changes for the next release');
  const nx = (...args: string[]) =>
    run(process.execPath, [join(workspace, 'node_modules/nx/dist/bin/nx.js'), ...args], {
      cwd: workspace,
      env: {
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        GIT_AUTHOR_NAME: 'Release Test',
        GIT_AUTHOR_EMAIL: 'release-test@example.org',
        GIT_COMMITTER_NAME: 'Release Test',
        GIT_COMMITTER_EMAIL: 'release-test@example.org',
      },
    });
  const plan = await nx('release', 'plan', 'prerelease', '--only-touched=false', `--message=${await readFile(unreleased, 'utf8')}`);
  await writeFile(unreleased, '');
  await git(workspace, 'add', 'UNRELEASED.md');
  const cut = await nx('release', '--skip-publish');
  const published = await nx('release', 'publish', `--registry=${publish.registry}`, '--plainHttp', `--baseImageMirror=${publish.mirror}`);
  await git(workspace, 'push', '--quiet', '--follow-tags', 'origin', 'HEAD:main');
  return `${plan.stdout}\n${cut.stdout}\n${published.stdout}\n${published.stderr}`;
}

/**
 * The PATH of a server with Docker, Node.js, git and make only: this machine's PATH without the folders that hold
 * cargo, rustc or go.
 */
export function pathWithoutCompilers(): string {
  const compilers = ['cargo', 'rustc', 'go'];
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((folder) => folder !== '' && !compilers.some((program) => existsSync(join(folder, program))))
    .join(delimiter);
}

/**
 * The operator's side: `git clone` of origin and `git checkout v<version>`, as docs/production.md says. Its npm
 * packages are this checkout's (a link stands for `npm ci`, dated so `make` finds them up to date).
 */
export async function serverCheckout(origin: string, folder: string, version: string): Promise<string> {
  const server = join(folder, 'server');
  await run('git', ['clone', '--quiet', origin, server], { cwd: folder });
  await run('git', ['checkout', '--quiet', `v${version}`], { cwd: server });
  await symlink(join(workspaceRoot, 'node_modules'), join(server, 'node_modules'));
  const longAgo = new Date('2000-01-01T00:00:00Z');
  await utimes(join(server, 'package-lock.json'), longAgo, longAgo);
  return server;
}

/** `make <args>` on the server, with its PATH and `env`: whether it succeeded, and everything it printed. */
export function make(server: string, env: Record<string, string>, ...args: string[]): Promise<{ ok: boolean; output: string }> {
  return onServer(server, env, 'make', args);
}

/** `npx <args>` on the server (a command the docs show without a make alias), as `make` above. */
export function npx(server: string, env: Record<string, string>, ...args: string[]): Promise<{ ok: boolean; output: string }> {
  return onServer(server, env, 'npx', args);
}

async function onServer(server: string, env: Record<string, string>, program: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(program, args, {
      cwd: server,
      env: { ...env, PATH: pathWithoutCompilers(), NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    return { ok: true, output: `${stdout}\n${stderr}` };
  } catch (error) {
    if (error instanceof RunError) return { ok: false, output: `${error.stdout}\n${error.message}` };
    throw error;
  }
}

/** A restic REST server (`rclone serve restic`) keeping its repositories in `folder`: the second place backups go. */
export async function startOffsiteStore(folder: string): Promise<{ url: string; stop(): void }> {
  const address = `127.0.0.1:${await freePort()}`;
  await mkdir(folder, { recursive: true });
  const pid = startDetached('rclone', ['serve', 'restic', '--log-level', 'INFO', '--addr', address, folder], {
    cwd: folder,
    env: { ...process.env } as Record<string, string>,
    logFile: `${folder}.log`,
  });
  if (!(await waitUntilAnswered(`http://${address}/`, 15_000))) throw new Error(`rclone serve restic did not answer on ${address}`);
  return { url: `rest:http://${address}/coaching`, stop: () => process.kill(pid) };
}

/** An age key pair made as the docs say, on "the operator's computer": the identity file and its public key. */
export async function operatorKey(folder: string): Promise<{ identity: string; recipient: string }> {
  const identity = join(folder, 'coaching-offsite.key');
  await run('age-keygen', ['--output', identity], { cwd: folder });
  const recipient = /^# public key: (age1\w+)$/m.exec(await readFile(identity, 'utf8'))?.[1];
  if (!recipient) throw new Error(`age-keygen wrote no public key into ${identity}`);
  return { identity, recipient };
}
