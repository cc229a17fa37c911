import { createInterface } from 'node:readline/promises';
import { Refusal } from './executor';

/**
 * Goes on only when the user confirmed: with --yes, or by typing "yes" at a terminal. Without a terminal (CI,
 * scripts) only --yes counts, so nothing destructive happens by accident.
 */
export async function requireConfirmation(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw new Refusal(`${question} Re-run with --yes to confirm.`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question(`${question} Type yes to continue: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new Refusal('Nothing was changed.');
  } finally {
    prompt.close();
  }
}
