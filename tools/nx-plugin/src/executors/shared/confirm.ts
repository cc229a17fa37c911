import { createInterface } from 'node:readline/promises';
import { Refusal } from '@coaching/use-cases';

/**
 * Goes on only when the user confirmed: with --yes, or by typing "yes" at a terminal. Without a terminal (CI,
 * scripts) only --yes counts, so nothing destructive happens by accident. Under Nx's terminal UI (a target run
 * with the ones it depends on, without --tui=false) the task has a terminal, but keys reach it only after `i`;
 * the question says so, since a task cannot tell that UI from a plain terminal (Nx sets NX_TUI=false for every task).
 */
export async function requireConfirmation(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw new Refusal(`${question} Re-run with --yes to confirm.`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question(`${question} Type yes to continue (in Nx's task view press i first; or add --yes): `);
    if (answer.trim().toLowerCase() !== 'yes') throw new Refusal('Nothing was changed.');
  } finally {
    prompt.close();
  }
}
