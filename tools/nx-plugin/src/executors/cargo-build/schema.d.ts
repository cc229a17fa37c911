export interface CargoBuildExecutorOptions {
  /** The Cargo package to build. */
  crate: string;
  /** Its binaries, put in the workspace's target/release/; a library has none. */
  binaries?: string[];
}
