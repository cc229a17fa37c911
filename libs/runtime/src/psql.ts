/**
 * A SQL file for psql's standard input, its `:"name"` / `:'name'` variables defined by `\set` lines before it:
 * values (passwords) never reach a command line, and psql itself quotes them where the file uses them.
 */
export function psqlScript(sql: string, variables: Record<string, string>): string {
  const sets = Object.entries(variables).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`${name} is not a psql variable name`);
    return `\\set ${name} '${psqlQuoted(value)}'\n`;
  });
  return sets.join('') + sql;
}

/** Text for psql's single-quoted meta-command arguments, where backslashes escape and a line ends the command. */
function psqlQuoted(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * A SQL file that reads its inputs with `current_setting('platform.<name>')` (so the node client can run it too), as
 * a psql script: `SET platform.<name>` for each of `settings`, its value passed as in `psqlScript`.
 */
export function psqlScriptWithSettings(sql: string, settings: Record<string, string>): string {
  const sets = Object.keys(settings).map((name) => `SET platform.${name} = :'${name}';\n`);
  return psqlScript(sets.join('') + sql, settings);
}

/** The messages of the NOTICEs in psql's standard error (`psql:<stdin>:12: NOTICE:  created role x`). */
export function psqlNotices(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => /NOTICE:\s+(.*)$/.exec(line)?.[1])
    .filter((message): message is string => message !== undefined);
}
