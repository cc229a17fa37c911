import { logger } from '@nx/devkit';
import { createSecrets, readSecretsDir } from '@coaching/stack';
import { executor } from '../shared/executor';
import type { SecretsExecutorOptions } from './schema';

export default executor<SecretsExecutorOptions>('secrets', async (_options, context) => {
  const { created, kept } = await createSecrets(readSecretsDir(context.root));
  for (const file of created) logger.info(`created ${file}`);
  // A password in use stays: PostgreSQL keeps the one it was initialised with.
  for (const file of kept) logger.info(`kept ${file} (exists; delete it first to replace it)`);
});
