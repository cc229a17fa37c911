import { readFile } from 'node:fs/promises';
import type { PlatformSettings } from '@coaching/platform-model';
import type { RunOptions, RunResult } from '@coaching/process';
import { psqlNotices, psqlScript, psqlScriptWithSettings } from '../psql';
import type { DatabaseTools } from '../runtime';

/** Runs `docker compose <args>` for this stack. */
export type Compose = (args: readonly string[], options?: Partial<RunOptions>) => Promise<RunResult>;

/** The database's tools inside the db container: no client tools needed on the machine, no password on a command line. */
export class DockerDatabaseTools implements DatabaseTools {
  constructor(
    private readonly compose: Compose,
    private readonly settings: PlatformSettings,
  ) {}

  /** Who the tools log in as, and where: the migrator, on the application's database. */
  private get migrator(): { user: string; name: string } {
    return { user: this.settings.database.migrator.user, name: this.settings.database.name };
  }

  /** psql in the db container, over its socket, as `user` on `database`. */
  private psqlCommand(user: string, database: string, args: readonly string[]): string[] {
    return ['exec', '-T', 'db', 'psql', '-X', '-v', 'ON_ERROR_STOP=1', '-U', user, '-d', database, ...args];
  }

  async runSqlFile(file: string, variables: Record<string, string>, database: string): Promise<void> {
    const script = psqlScript(await readFile(file, 'utf8'), variables);
    await this.compose(this.psqlCommand('postgres', database, ['-q', '-f', '-']), { input: script });
  }

  async runSqlFileWithSettings(file: string, settings: Record<string, string>, database: string): Promise<string[]> {
    const script = psqlScriptWithSettings(await readFile(file, 'utf8'), settings);
    const { stderr } = await this.compose(this.psqlCommand('postgres', database, ['-q', '-f', '-']), { input: script });
    return psqlNotices(stderr);
  }

  async queryAsSuperuser(sql: string, database: string): Promise<string> {
    return (await this.compose(this.psqlCommand('postgres', database, ['-A', '-t', '-c', sql]))).stdout.trim();
  }

  async query(sql: string): Promise<string> {
    const { user, name } = this.migrator;
    return (await this.compose(this.psqlCommand(user, name, ['-A', '-t', '-c', sql]))).stdout.trim();
  }

  async dump(file: string): Promise<void> {
    const { user, name } = this.migrator;
    await this.compose(['exec', '-T', 'db', 'pg_dump', '--format=custom', '-U', user, '-d', name], { outputFile: file });
  }

  async restore(file: string): Promise<void> {
    const { user, name } = this.migrator;
    const restore = ['pg_restore', '--clean', '--if-exists', '--no-owner', '--single-transaction', '-U', user, '-d', name];
    await this.compose(['exec', '-T', 'db', ...restore], { inputFile: file });
  }

  async psql(command: string | undefined): Promise<void> {
    const { user, name } = this.migrator;
    // Interactive sessions get a terminal; a single command does not need one.
    const args = this.psqlCommand(user, name, command ? ['-c', command] : []).filter((arg) => command || arg !== '-T');
    await this.compose(args, { stdio: 'inherit' });
  }

  async api(args: readonly string[]): Promise<void> {
    await this.compose(this.apiCommand(args), { stdio: 'inherit' });
  }

  async apiOutput(args: readonly string[]): Promise<string> {
    return (await this.compose(this.apiCommand(args))).stdout;
  }

  /** The migrate service is the api image with the database's settings and secret; --no-deps: the db runs already. */
  private apiCommand(args: readonly string[]): string[] {
    return ['run', '--rm', '--no-deps', 'migrate', ...args];
  }
}
