import { logger, type ExecutorContext } from '@nx/devkit';
import { MigrationFailed, Refusal } from '@coaching/use-cases';

export interface ExecutorResult {
  success: boolean;
}

/** Errors whose message is the whole story: a refusal, and a failed migration (the database's reason, what was kept). */
function toldInFull(error: unknown): error is Error {
  return error instanceof Refusal || error instanceof MigrationFailed;
}

/**
 * What went wrong, for the user. A bug in this code (a TypeError, a ReferenceError) keeps its stack trace; a
 * problem the user can fix (bad settings, no engine, a taken port, a failed command) is its message alone.
 */
function explain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const bug = error instanceof TypeError || error instanceof ReferenceError;
  return bug ? (error.stack ?? error.message) : error.message;
}

/**
 * An Nx executor from `body`, with the one error path every executor shares: a refusal prints its message, an
 * expected failure prints `<name> failed: <message>` without a stack, a bug prints its stack; all three end with
 * `{ success: false }`. `body` returns false for a run that finished but did not succeed (a service not ready,
 * a finding), after saying why.
 */
export function executor<Options>(
  name: string,
  body: (options: Options, context: ExecutorContext) => Promise<boolean | void>,
): (options: Options, context: ExecutorContext) => Promise<ExecutorResult> {
  return async (options, context) => {
    try {
      return { success: (await body(options, context)) !== false };
    } catch (error) {
      logger.error(toldInFull(error) ? error.message : `${name} failed: ${explain(error)}`);
      return { success: false };
    }
  };
}
