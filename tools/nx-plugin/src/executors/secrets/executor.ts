import { logger } from '@nx/devkit';
import { createSecrets, readOffsiteSettings, readSecretsDir } from '@coaching/runtime';
import { executor } from '../shared/executor';
import type { SecretsExecutorOptions } from './schema';

export default executor<SecretsExecutorOptions>('secrets', async (_options, context) => {
  const offsite = readOffsiteSettings(context.root);
  const { created, kept } = await createSecrets(readSecretsDir(context.root), offsite?.passwordFile);
  for (const file of created) logger.info(`created ${file}`);
  if (offsite && created.includes(offsite.passwordFile)) {
    logger.info(
      `Keep a copy of ${offsite.passwordFile} away from this server (a password manager): a new server needs it to read the off-site backups.`,
    );
  }
  // A password in use stays: PostgreSQL keeps the one it was initialised with.
  for (const file of kept) logger.info(`kept ${file} (exists; delete it first to replace it)`);
});
