import { run, RunError } from '@coaching/process';
import { APP_NAMES, type AppName } from '@coaching/platform-model';

/** One environment variable an app reads, as the app itself describes it (`<app> env-contract`). */
export interface Setting {
  name: string;
  flag: string;
  /** Unset: the app decides (its description says how). */
  default: string | null;
  kind: 'text' | 'integer' | 'boolean' | 'choice' | 'list';
  /** The values it accepts, when they are a fixed set. */
  choices: string[];
  /** A password, or a URL that may hold one: never written into a file of this repository. */
  secret: boolean;
  /** The variable naming a file that supplies its secret part. */
  secretFile: string | null;
  requiredInProduction: boolean;
  description: string;
}

/** Every app's settings, in the order its `Config` declares them. */
export type EnvContracts = Record<AppName, readonly Setting[]>;

/** What a host's environment may keep when an app describes itself: enough for cargo to find its toolchain. */
const TOOLCHAIN_VARIABLES = /^(PATH|HOME|USER|CARGO_.*|RUSTUP_.*|RUSTC.*|TMPDIR)$/;

/**
 * Asks each app for its settings (`cargo run -p <app> -- env-contract`), with an environment holding nothing but the
 * toolchain's variables, so a setting exported in this shell cannot change a default. Builds the apps when needed.
 */
export async function readEnvContracts(workspaceRoot: string): Promise<EnvContracts> {
  const cleared = Object.fromEntries(
    Object.keys(process.env)
      .filter((name) => !TOOLCHAIN_VARIABLES.test(name))
      .map((name) => [name, undefined]),
  );
  const contracts: Partial<EnvContracts> = {};
  for (const app of APP_NAMES) {
    const { stdout } = await run('cargo', ['run', '--quiet', '--package', app, '--bin', app, '--', 'env-contract'], {
      cwd: workspaceRoot,
      env: cleared,
    }).catch((error: unknown) => {
      if (error instanceof RunError && error.code === 'ENOENT') {
        throw new Error(
          'cargo is not on PATH: the generated deployment files come from the apps themselves; install Rust with rustup to run nx sync',
        );
      }
      throw error;
    });
    contracts[app] = JSON.parse(stdout) as Setting[];
  }
  return contracts as EnvContracts;
}

/** The setting `name` of `app`; a name the app does not read is an error that says so. */
export function settingOf(contracts: EnvContracts, app: AppName, name: string): Setting {
  const setting = contracts[app].find((candidate) => candidate.name === name);
  if (!setting) throw new Error(`${app} reads no ${name} (\`${app} env-contract\` does not list it): set only what the app reads`);
  return setting;
}
