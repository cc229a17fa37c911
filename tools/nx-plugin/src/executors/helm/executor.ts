import { logger } from '@nx/devkit';
import { HELM_CHART, HELM_REQUIRED_SETTINGS, KUBERNETES_VERSIONS } from '@coaching/deployment';
import { run } from '@coaching/process';
import { helm } from '@coaching/tool-cache';
import { fromWorkspaceRoot } from '../../utils/paths';
import { executor } from '../shared/executor';
import { nxReporter } from '../shared/reporter';
import type { HelmExecutorOptions } from './schema';

/** The settings a render starts from: a values file, or the chart's defaults plus those it cannot default. */
function valuesArgs(root: string, values: string | undefined): string[] {
  return values ? ['--values', fromWorkspaceRoot(root, values)] : HELM_REQUIRED_SETTINGS;
}

/** `helm lint`, `helm template` or `helm package` of the chart, with Helm installed first unless an earlier run did. */
export default executor<HelmExecutorOptions>('helm', async (options, context) => {
  const root = context.root;
  const program = await helm(nxReporter);
  const chart = fromWorkspaceRoot(root, HELM_CHART.dir);
  const helmRun = (args: string[]) => run(program, args, { cwd: root, stdio: 'inherit' });
  // The oldest release the chart supports: what lints and renders there works on the newer ones.
  const kubeVersion = ['--kube-version', KUBERNETES_VERSIONS[0]];
  switch (options.command) {
    case 'lint':
      for (const values of [undefined, HELM_CHART.productionValues]) {
        await helmRun(['lint', '--strict', chart, ...kubeVersion, ...valuesArgs(root, values)]);
      }
      return;
    case 'template':
      await helmRun(['template', 'coaching-platform', chart, ...kubeVersion, ...valuesArgs(root, options.values)]);
      return;
    case 'package': {
      const destination = fromWorkspaceRoot(root, HELM_CHART.packageDir);
      const versions = [
        ...(options.version ? ['--version', options.version] : []),
        ...(options.appVersion ? ['--app-version', options.appVersion] : []),
      ];
      const { stdout } = await run(program, ['package', chart, '--destination', destination, ...versions], { cwd: root });
      const archive = /saved it to: (.+)$/m.exec(stdout)?.[1];
      if (!archive) throw new Error(`helm package said nothing about where it saved the chart: ${stdout}`);
      logger.info(`Chart packaged: ${archive}`);
      // Helm signs in with Docker's credentials (docker login).
      if (options.registry) await helmRun(['push', archive, `oci://${options.registry}`]);
      return;
    }
  }
});
