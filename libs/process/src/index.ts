/**
 * The one module that starts processes, and the reporter library code tells the person through. Small on purpose:
 * the Nx plugin's graph inference (loaded by every `nx` command) imports it without loading the runtimes.
 */
export { run, RunError, startDetached, type RunOptions, type RunResult } from './run';
export { runNx } from './nx';
export { CARGO_PROGRESS_ENV, withProgress } from './progress';
export { consoleReporter, silentReporter, type Reporter } from './reporter';
