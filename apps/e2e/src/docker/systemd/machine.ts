import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { run, type RunResult } from '@coaching/process';

/** The image of the test's systemd server (this folder's Dockerfile); rebuilt only when that changes. */
const IMAGE = 'coaching-e2e-systemd-server:trixie';

/** The service user's ids inside the machine; the install folder is given to them as docs/production.md does. */
export const SERVICE_USER = { name: 'coaching', uid: 1500 };

/** The host's programs the machine borrows (read-only): Node.js and npm, the Docker client and its plugins. */
const LENT = ['/usr/bin/node', '/usr/lib/node_modules/npm', '/usr/libexec/docker/cli-plugins'];

/** A container with systemd as PID 1, driving the host's Docker engine, with the install folder at the same path. */
export interface SystemdMachine {
  name: string;
  /** A command inside the machine, as root. */
  exec(...args: string[]): Promise<RunResult>;
  /** Stops and starts the container: systemd shuts down (ExecStop) and boots (enabled units start). */
  reboot(): Promise<void>;
  remove(): Promise<void>;
}

const docker = (...args: string[]) => run('docker', args, { cwd: workspaceRoot });

/**
 * Waits until systemd has finished booting: `running`, or `degraded` (in a container, loading kernel modules fails).
 * Right after the container starts, systemd may not answer on its bus yet.
 */
async function booted(name: string): Promise<void> {
  let state = '';
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 1_000))) {
    state = await run('docker', ['exec', name, 'systemctl', 'is-system-running', '--wait'], { cwd: workspaceRoot }).then(
      (result) => result.stdout.trim(),
      (error: { stdout?: string }) => (error.stdout ?? '').trim(),
    );
    if (state === 'running' || state === 'degraded') return;
  }
  throw new Error(`systemd in ${name} did not finish booting: ${state || 'no answer'}`);
}

/**
 * Starts the machine for the install folder `folder` (mounted at the same path, as the host's engine resolves the
 * stack's bind mounts on the host), with the host network: the registry, the mail and off-site servers of the test
 * answer on 127.0.0.1 there too.
 */
export async function startSystemdMachine(folder: string, name: string): Promise<SystemdMachine> {
  await docker('build', '--quiet', '--tag', IMAGE, join(__dirname));
  const packages = join(workspaceRoot, 'node_modules');
  const mounts = [
    ...LENT.map((path) => `${path}:${path}:ro`),
    `${(await run('sh', ['-c', 'command -v docker'], { cwd: workspaceRoot })).stdout.trim()}:/usr/local/bin/docker:ro`,
  ];
  await docker(
    'run',
    '--detach',
    '--name',
    name,
    '--privileged',
    '--cgroupns=host',
    '--network=host',
    '--volume=/sys/fs/cgroup:/sys/fs/cgroup:rw',
    '--tmpfs=/run',
    '--tmpfs=/run/lock',
    '--volume=/var/run/docker.sock:/var/run/docker.sock',
    ...mounts.map((mount) => `--volume=${mount}`),
    `--volume=${folder}:${folder}`,
    // The install folder's npm packages are a link to this checkout's (see serverCheckout).
    `--volume=${packages}:${packages}:ro`,
    IMAGE,
  );
  await booted(name);
  return {
    name,
    exec: (...args) => docker('exec', name, ...args),
    reboot: async () => {
      await docker('restart', '--time', '120', name);
      await booted(name);
    },
    remove: async () => {
      await docker('rm', '--force', name);
    },
  };
}

/**
 * Installs deploy/systemd as docs/production.md does: the service user in the docker group (the host socket's group
 * id) and in systemd-journal, the units copied into /etc/systemd/system, their install folder set where this one is
 * (`systemctl edit` drop-ins), then enabled.
 */
export async function installUnits(machine: SystemdMachine, folder: string): Promise<void> {
  const socketGroup = (await run('stat', ['-c', '%g', '/var/run/docker.sock'], { cwd: workspaceRoot })).stdout.trim();
  await machine.exec('groupadd', '--gid', socketGroup, 'docker');
  await machine.exec(
    'useradd',
    '--system',
    '--uid',
    String(SERVICE_USER.uid),
    '--create-home',
    '--home-dir',
    '/var/lib/coaching',
    '--shell',
    '/bin/bash',
    '--groups',
    'docker,systemd-journal',
    SERVICE_USER.name,
  );
  await run('chown', ['-R', `${SERVICE_USER.uid}:${SERVICE_USER.uid}`, folder], { cwd: workspaceRoot });
  const units = readdirSync(join(folder, 'deploy', 'systemd'));
  for (const unit of units) {
    await machine.exec('cp', join(folder, 'deploy', 'systemd', unit), '/etc/systemd/system/');
    if (unit.endsWith('.service')) {
      await machine.exec('mkdir', '-p', `/etc/systemd/system/${unit}.d`);
      await machine.exec('sh', '-c', `printf '[Service]\\nWorkingDirectory=${folder}\\n' > /etc/systemd/system/${unit}.d/folder.conf`);
    }
  }
  await machine.exec('systemctl', 'daemon-reload');
  await machine.exec('systemctl', 'enable', 'coaching-platform.service', 'coaching-platform-backup.timer');
}

/** Waits until `unit` is `state` (`systemctl is-active`), up to `timeoutMs`; returns the last state seen. */
export async function unitState(machine: SystemdMachine, unit: string, state: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < deadline) {
    seen = await machine.exec('systemctl', 'is-active', unit).then(
      (result) => result.stdout.trim(),
      (error: { stdout?: string }) => (error.stdout ?? '').trim(),
    );
    if (seen === state) return seen;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return seen;
}
