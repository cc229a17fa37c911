import { hostname } from 'node:os';
import { logger } from '@nx/devkit';
import { journalTail, mailOperator, readSettings } from '@coaching/runtime';
import { executor } from '../shared/executor';
import type { AlertExecutorOptions } from './schema';

/** Mails the operator that a unit failed, with its journal's last lines. */
export default executor<AlertExecutorOptions>('alert', async (options, context) => {
  const settings = readSettings(context.root);
  const server = settings.edge.publicHost ?? hostname();
  const journal = await journalTail(options.unit, context.root);
  const text = [
    `${options.unit} failed on ${server} (${hostname()}) at ${new Date().toISOString()}.`,
    '',
    'Its last lines in the journal:',
    '',
    journal,
    '',
    'On the server:',
    `  systemctl status ${options.unit}`,
    `  journalctl -u ${options.unit} --since today`,
    `  cd ${context.root} && make status`,
    '',
    'docs/production.md, "When something fails", says what to do next.',
  ].join('\n');
  const id = await mailOperator(settings, { subject: `[coaching platform] ${options.unit} failed on ${server}`, text });
  logger.info(`Told ${settings.mail.operator} that ${options.unit} failed (message ${id})`);
});
