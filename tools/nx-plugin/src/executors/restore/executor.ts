import { existsSync } from 'node:fs';
import { logger } from '@nx/devkit';
import { Refusal, restore } from '@coaching/use-cases';
import { fromWorkspaceRoot } from '../../utils/paths';
import { requireConfirmation } from '../shared/confirm';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { RestoreExecutorOptions } from './schema';

/** Loads a backup file, or the newest off-site one (the `restore` use case), after a yes; then says what it voided. */
export default executor<RestoreExecutorOptions>('restore', async (options, context) => {
  if (options.offsite === Boolean(options.file)) {
    throw new Refusal('restore: name a backup file (make restore file=backups/<file>.dump) or --offsite for the newest off-site backup, not both.');
  }
  const file = options.file && fromWorkspaceRoot(context.root, options.file);
  if (file && !existsSync(file)) throw new Refusal(`restore: no backup at ${file}; \`ls backups\` shows the ones there are.`);
  if (!file && !options.identity) {
    throw new Refusal('restore --offsite needs --identity=<file>: the age private key the off-site backups are encrypted to.');
  }
  const platform = await openRuntime(options.runtime, context);
  const from = file ? { file } : { offsite: { identity: fromWorkspaceRoot(context.root, options.identity!), snapshot: options.snapshot } };
  const { dump, voided } = await restore(platform, {
    from,
    forceProduction: options.forceProduction === true,
    confirm: (question) => requireConfirmation(question, options.yes),
  });
  logger.info(`Restored ${platform.settings.database.name} from ${dump}`);
  logger.info(`Voided what lets someone in without a password, as the backup may be old:\n  ${voided.join('\n  ')}`);
});
