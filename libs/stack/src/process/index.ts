/**
 * Starting processes, on its own: what the Nx plugin's graph inference (loaded by every `nx` command) may import
 * without loading the runtimes behind the `@coaching/stack` barrel.
 */
export { run, RunError } from './run';
export { runNx } from './nx';
