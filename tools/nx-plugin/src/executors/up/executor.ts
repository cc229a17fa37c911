import type { ExecutorContext } from '@nx/devkit';
import { run, statusTable, withPrerequisites, type Runtime, type ServiceName } from '@coaching/stack';
import { describe, openRuntime, PLATFORM_SERVICES } from '../platform';
import type { UpExecutorOptions } from './schema';

export default async function upExecutor(options: UpExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const { runtime, reason } = await openRuntime(options.runtime ?? 'auto', context);
    const services = withPrerequisites(options.services ?? PLATFORM_SERVICES);
    console.log(`Runtime: ${runtime.name} (${reason})`);

    if (await runtime.isUp(services)) {
      console.log('Already running: nothing to do.\n');
      console.log(statusTable(await runtime.status()));
      return { success: true };
    }
    if (options.build !== false) {
      const [file, ...args] = buildCommand(context.root, runtime.name, services);
      console.log(`Building: nx ${args.slice(1).join(' ')}`);
      await run(file, args, { cwd: context.root, stdio: 'inherit' });
    }
    const status = await runtime.up({ services });
    console.log(`\n${statusTable(status)}\n`);
    const entry = ['web', 'api'].map((name) => status.find((row) => row.service === name && row.health === 'ready')).find(Boolean);
    if (entry) console.log(`Open ${entry.url}`);
    return { success: services.every((service) => status.find((row) => row.service === service)?.health === 'ready') };
  } catch (error) {
    console.error(`up failed: ${describe(error)}`);
    return { success: false };
  }
}

/**
 * What the runtime runs, built through the Nx graph (ordered, cached where that is sound): images of every
 * service for docker, release binaries of the apps for native.
 */
export function buildCommand(workspaceRoot: string, runtime: Runtime['name'], services: readonly ServiceName[]): string[] {
  const [target, projects] =
    runtime === 'docker' ? ['docker-build', services] : ['build', services.filter((service) => service !== 'db')];
  const nx = `${workspaceRoot}/node_modules/nx/dist/bin/nx.js`;
  return [process.execPath, nx, 'run-many', `--targets=${target}`, `--projects=${projects.join(',')}`, '--output-style=stream'];
}
