/**
 * A use case declines to go on (production data, no confirmation, nothing to move...): its message is the whole
 * story, for the person to read as it is.
 */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}

/**
 * Asks the person before something that cannot be undone: resolves when they agreed, throws a Refusal otherwise.
 * Executors answer it with --yes or a question at the terminal.
 */
export type Confirm = (question: string) => Promise<void>;
