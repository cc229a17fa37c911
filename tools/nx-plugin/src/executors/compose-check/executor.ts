import { logger } from '@nx/devkit';
import { checkAgainstModel, checkCompose, checkProductionOverride, readCompose } from '@coaching/deployment';
import { composeEnvironment } from '@coaching/platform-model';
import { readSettings } from '@coaching/runtime';
import { fromWorkspaceRoot } from '../../utils/paths';
import { executor } from '../shared/executor';
import type { ComposeCheckExecutorOptions } from './schema';

export default executor<ComposeCheckExecutorOptions>('compose-check', async (options, context) => {
  // Variables as `up` hands them to compose: .env, else the documented defaults.
  const env = { ...composeEnvironment(readSettings(context.root)), ...process.env };
  const network = options.network ?? 'coaching_network';
  const checks = [
    ...(options.files ?? ['compose.yaml']).map((file) => ({ file, production: false, override: false })),
    ...(options.productionOverrides ?? []).map((file) => ({ file, production: true, override: true })),
  ];
  const base = await readCompose(fromWorkspaceRoot(context.root, checks[0].file));
  let findings = 0;
  for (const { file, production, override } of checks) {
    const compose = await readCompose(fromWorkspaceRoot(context.root, file));
    // A complete file must also run the platform the model describes; an override only adds to one, and a
    // production override must point its base away from the development-only services.
    const found = checkCompose(compose, { network, production, override, env });
    found.push(...(override ? checkProductionOverride(base, compose) : checkAgainstModel(compose)));
    for (const finding of found) logger.error(`${file}: service ${finding.service} ${finding.message} [${finding.rule}]`);
    if (found.length === 0) logger.info(`${file}: ok`);
    findings += found.length;
  }
  return findings === 0;
});
