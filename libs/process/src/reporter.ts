/**
 * Where library code tells the person what it does: it never prints by itself. Executors pass one backed by Nx's
 * `logger`; the tests, benchmarks and scripts outside Nx pass `consoleReporter`.
 */
export interface Reporter {
  /** A result or a fact worth reading: what was backed up, what runs where. */
  info(message: string): void;
  /** Something not right that did not stop the work. */
  warn(message: string): void;
  /** The step about to start ("Applying 2 migration(s)"), so a slow one is not taken for a hang. */
  progress(message: string): void;
}

/** A reporter on standard output and standard error. */
export const consoleReporter: Reporter = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  progress: (message) => console.log(message),
};

/** A reporter that says nothing: for specs that read results, not messages. */
export const silentReporter: Reporter = { info: () => {}, warn: () => {}, progress: () => {} };
