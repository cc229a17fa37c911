import { logger } from '@nx/devkit';
import { displayPath } from '@coaching/runtime';
import { moveData } from '@coaching/use-cases';
import { requireConfirmation } from '../shared/confirm';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { MoveDataExecutorOptions } from './schema';

/** Moves the platform's data to the runtime `--to` names (the `move-data` use case), then says how to go on. */
export default executor<MoveDataExecutorOptions>('move-data', async (options, context) => {
  const { to } = options;
  const { from, sourceData, recordFile } = await moveData((name) => openRuntime(name, context), {
    to,
    replace: options.replace === true,
    build: options.build !== false,
    confirm: (question) => requireConfirmation(question, options.yes),
  });
  logger.info(
    [
      `\nDone: the data is now in ${to}; \`auto\` uses ${to} from now on (recorded in ${displayPath(recordFile, context.root)}).`,
      `Start the platform: npx nx run platform:up   (or: make up)`,
      `The old copy stays in ${from} (${sourceData}), stopped. Once you are sure you no longer need it, delete it with:`,
      `  npx nx run platform:down --runtime=${from} --volumes --yes`,
    ].join('\n'),
  );
});
