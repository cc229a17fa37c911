import type { ExecutorContext } from '@nx/devkit';
import { checkCompose, composeEnvironment, readCompose, readSettings, type Finding } from '@coaching/stack';
import { fromWorkspaceRoot } from '../../utils/paths';
import { describe } from '../platform';
import type { ComposeCheckExecutorOptions } from './schema';

export default async function composeCheckExecutor(
  options: ComposeCheckExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    // Variables as `up` hands them to compose: .env, else the documented defaults.
    const env = { ...composeEnvironment(readSettings(context.root)), ...process.env };
    const network = options.network ?? 'coaching_network';
    const checks = [
      ...(options.files ?? ['compose.yaml']).map((file) => ({ file, production: false, override: false })),
      ...(options.productionOverrides ?? []).map((file) => ({ file, production: true, override: true })),
    ];
    let findings = 0;
    for (const { file, production, override } of checks) {
      const model = await readCompose(fromWorkspaceRoot(context.root, file));
      const found: Finding[] = checkCompose(model, { network, production, override, env });
      for (const finding of found) console.error(`${file}: service ${finding.service} ${finding.message} [${finding.rule}]`);
      if (found.length === 0) console.log(`${file}: ok`);
      findings += found.length;
    }
    return { success: findings === 0 };
  } catch (error) {
    console.error(`compose-check failed: ${describe(error)}`);
    return { success: false };
  }
}
