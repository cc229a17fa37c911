import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { DOCKER_PLUGINS } from '@coaching/runtime';
import { minVersion } from 'semver';
import { describe, expect, it } from 'vitest';
import { definedConstants, platformSettingsRead, variableReaders } from './variables';

// Every command the README and docs/*.md show is one a person will type: each Nx target, option, make target, npm
// script, repository file and environment variable they name must exist, so a renamed target or option fails here
// rather than in a newcomer's terminal.
const root = resolve(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

const DOCS = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

/** Options of Nx itself, accepted by every `nx run`. */
const NX_OPTIONS = new Set(['tui', 'output-style', 'skip-nx-cache', 'verbose', 'exclude-task-dependencies', 'no-cloud']);

/** Variables the docs may name that tools around the platform read, not its own code: each with what reads it. */
const OUTSIDE_VARIABLES: Record<string, string> = {
  NX_DAEMON: 'Nx',
  NX_TUI: 'Nx',
  PATH: 'the shell',
  HOME: 'the shell',
  USER: 'the shell',
};

/** The folders (and files) of this repository a documented path can start with: others are the reader's own. */
const REPOSITORY_PATH =
  /^(?:\.\/)?(?:(?:apps|libs|tools|docs|docker|deploy|bench|scripts|\.ci)\/[\w./@-]*|[\w.-]+\.(?:yaml|json|toml|md|example)|Makefile)$/;

/** Targets whose question (`Type yes`) Nx's terminal UI swallows unless the command says --tui=false (or --yes). */
const ASKS_FIRST: Record<string, (options: Map<string, string>) => boolean> = {
  'db:migrate': (options) => options.has('down') || options.has('fresh'),
  'db:rebuild-db': () => true,
  'db:restore': () => true,
  'db:psql': (options) => !options.has('command'),
  'platform:psql': (options) => !options.has('command'),
};

interface Project {
  targets: Record<string, { executor?: string }>;
}

/** Shell words of one line, quotes removed, `#` comments dropped; operators (&&, |, ;, >) as words of their own. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  let depth = 0;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote) {
      if (char === quote) quote = undefined;
      else word = (word ?? '') + char;
    } else if (char === '$' && line[index + 1] === '(') {
      depth++;
      word = (word ?? '') + char;
    } else if (depth > 0) {
      if (char === ')') depth--;
      word = (word ?? '') + char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word = word ?? '';
    } else if (char === '\\' && index + 1 < line.length) {
      word = (word ?? '') + line[++index];
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === '#' && word === undefined) {
      break;
    } else if ('&|;<>'.includes(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      words.push(char);
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The simple commands of one line: split at operators, without redirections' targets. */
function simpleCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  let redirect = false;
  for (const word of shellWords(line.replace(/\d?>&\d/g, ' '))) {
    if ('&|;'.includes(word) && word.length === 1) {
      commands.push([]);
    } else if (word === '>' || word === '<') {
      redirect = true;
    } else if (redirect) {
      redirect = false;
    } else {
      commands[commands.length - 1].push(word);
    }
  }
  return commands.filter((words) => words.length > 0);
}

/**
 * The simple commands (as words) of a doc's ```bash blocks (continuations joined) and of its inline code that starts
 * like a command.
 */
function commandsIn(doc: string): string[][] {
  const text = read(doc);
  const lines: string[] = [];
  for (const block of text.matchAll(/^ *```(?:bash|sh|shell)\n([\s\S]*?)^ *```/gm)) {
    lines.push(...block[1].replace(/\\\n\s*/g, ' ').split('\n'));
  }
  for (const code of inlineCode(text)) {
    if (/^(?:make|npm|npx|nx|node) /.test(code)) lines.push(code);
  }
  return lines.flatMap((line) => simpleCommands(line.trim()));
}

/** The contents of a doc's inline code spans, outside fenced blocks. */
function inlineCode(text: string): string[] {
  const prose = text.replace(/^ *```[\s\S]*?^ *```/gm, '');
  // A code span closes at the next run of exactly as many backticks (CommonMark): `2`, `2` is two spans.
  return [...prose.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)].map((match) => match[2].trim());
}

/** `--name=value`, `--name value` (for options a schema says take a value) and `--no-name`, by name. */
function optionsOf(words: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  words.forEach((word, index) => {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(word);
    if (!match) return;
    const next = words[index + 1];
    options.set(match[1], match[2] ?? (next !== undefined && !next.startsWith('-') ? next : 'true'));
  });
  return options;
}

/** The Nx projects and their targets, inferred ones included. */
function projectGraph(): Record<string, Project> {
  const dir = mkdtempSync(join(tmpdir(), 'docs-graph-'));
  try {
    const nx = join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
    execFileSync(process.execPath, [nx, 'graph', `--file=${join(dir, 'graph.json')}`], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'ignore',
    });
    const nodes = JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')).graph.nodes as Record<string, { data: Project }>;
    return Object.fromEntries(Object.entries(nodes).map(([name, node]) => [name, node.data]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The options an executor of this workspace's plugin declares, or undefined for other executors. */
function executorOptions(executor: string | undefined): Set<string> | undefined {
  const name = /^@coaching\/nx-plugin:(.+)$/.exec(executor ?? '')?.[1];
  if (!name) return undefined;
  const executors = JSON.parse(read('tools/nx-plugin/executors.json')).executors as Record<string, { schema: string }>;
  const schema = JSON.parse(read(join('tools/nx-plugin', executors[name].schema))) as { properties: Record<string, unknown> };
  return new Set(Object.keys(schema.properties));
}

/** `super-admin` → `superAdmin`, as Nx reads options. */
const camel = (option: string) => option.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

/** Whether a variable is read: by the platform's settings, the apps, compose, the tools and scripts, or a tool around them. */
type VariableCheck = (name: string) => boolean;

/** What reads variables in this repository (variables.ts), asked once per name. */
function variableCheck(): VariableCheck {
  const readers = variableReaders(root);
  const prefixes = [...readers.prefixes.keys()];
  const known = new Map<string, boolean>();
  return (name) => {
    if (!known.has(name)) {
      const read =
        name in OUTSIDE_VARIABLES || readers.names.has(name) || prefixes.some((prefix) => name.startsWith(prefix)) || platformSettingsRead(name);
      known.set(name, read);
    }
    return known.get(name)!;
  };
}

/** The make targets the Makefile defines. */
function makeTargets(): Set<string> {
  return new Set([...read('Makefile').matchAll(/^([a-z][\w-]*):/gm)].map((match) => match[1]));
}

/** The problems of one documented command (empty when it works as written). */
function problemsOf(words: readonly string[], graph: Record<string, Project>, isRead: VariableCheck): string[] {
  const problems: string[] = [];
  let rest = [...words];
  while (rest.length > 0 && /^[A-Z][A-Z0-9_]*=/.test(rest[0])) {
    const name = rest[0].split('=')[0];
    if (!isRead(name)) problems.push(`unknown environment variable ${name}`);
    rest = rest.slice(1);
  }
  // kubectl's `deploy/<name>` is a Kubernetes resource, not a file.
  for (const word of rest[0] === 'kubectl' ? [] : rest) {
    const path = word.replace(/^--[\w-]+=/, '');
    if (REPOSITORY_PATH.test(path) && path.includes('/') && !/[<*]|\.\.\./.test(path) && !existsSync(join(root, path))) {
      problems.push(`no file ${path}`);
    }
  }
  const [program, ...args] = rest;
  if (program === 'make') {
    const target = args.find((arg) => !arg.includes('=') && !arg.startsWith('-'));
    if (target && !makeTargets().has(target)) problems.push(`no make target ${target}`);
    const dryRun = spawnSync('make', ['-n', ...args], { cwd: root, encoding: 'utf8' });
    if (dryRun.status !== 0) problems.push(`make -n ${args.join(' ')} fails: ${dryRun.stderr.trim()}`);
  } else if (program === 'npm') {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    const script = args[0] === 'run' ? args[1] : ['start', 'stop', 'test'].includes(args[0]) ? args[0] : undefined;
    if (script !== undefined && !(script in scripts)) problems.push(`no npm script ${script}`);
  } else if ((program === 'npx' && args[0] === 'nx') || program === 'nx') {
    problems.push(...nxProblems(program === 'npx' ? args.slice(1) : args, graph));
  }
  return problems;
}

/** Nx's own commands that look like `project:target`. */
const NX_OWN_COMMANDS = new Set(['sync:check']);

/** What is wrong with `nx <args>`: an unknown project, target or option, or a question its terminal UI would hide. */
function nxProblems(args: readonly string[], graph: Record<string, Project>): string[] {
  const problems: string[] = [];
  const options = optionsOf(args);
  if (NX_OWN_COMMANDS.has(args[0] ?? '')) return problems;
  if (args[0] === 'run' || /^[\w-]+:[\w-]+$/.test(args[0] ?? '')) {
    const address = args[0] === 'run' ? args[1] : args[0];
    const [project, target] = address.split(':');
    const definition = graph[project]?.targets[target];
    if (!definition) return [`no Nx target ${address}`];
    const declared = executorOptions(definition.executor);
    for (const option of options.keys()) {
      const name = option.replace(/^no-/, '');
      if (declared && !NX_OPTIONS.has(option) && !declared.has(camel(name)) && !declared.has(name)) {
        problems.push(`${address} has no option --${option}`);
      }
    }
    const asks = ASKS_FIRST[address]?.(options);
    if (asks && !options.has('yes') && options.get('tui') !== 'false') {
      problems.push(`${address} asks first: add --tui=false (or --yes), or Nx's terminal UI hides the question`);
    }
  } else if (args[0] === 'run-many' || args[0] === 'affected') {
    const targets = [...(options.get('targets') ?? options.get('target') ?? '').split(','), ...argsAfter(args, '-t')];
    const projects = [...(options.get('projects') ?? '').split(','), ...argsAfter(args, '-p').flatMap((list) => list.split(','))];
    for (const target of targets.filter(Boolean)) {
      if (!Object.values(graph).some((project) => target in project.targets)) problems.push(`no project has a target ${target}`);
    }
    for (const project of projects.filter(Boolean)) if (!graph[project]) problems.push(`no Nx project ${project}`);
  }
  return problems;
}

/** The words after `flag` up to the next option. */
function argsAfter(args: readonly string[], flag: string): string[] {
  const start = args.indexOf(flag);
  if (start === -1) return [];
  const end = args.findIndex((arg, index) => index > start && arg.startsWith('-'));
  return args.slice(start + 1, end === -1 ? undefined : end);
}

/** The anchors of a doc's headings, as GitHub makes them (`## Changing a port` → `changing-a-port`). */
function anchorsOf(doc: string): Set<string> {
  const headings = read(doc)
    .replace(/^ *```[\s\S]*?^ *```/gm, '')
    .matchAll(/^#{1,6} (.+)$/gm);
  return new Set(
    [...headings].map((heading) =>
      heading[1]
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

/**
 * Inline code naming a variable (`DB_PORT`, `DB_PORT=5433`) or a repository file, and relative links to files
 * (`setup.md#windows`: the file and, for a doc, its heading).
 */
function namedThings(doc: string, text = read(doc)): { variables: string[]; paths: string[]; anchors: string[] } {
  const variables: string[] = [];
  const paths: string[] = [];
  const anchors: string[] = [];
  for (const code of inlineCode(text)) {
    const variable = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:=\S*)?$/.exec(code);
    if (variable) variables.push(variable[1]);
    if (REPOSITORY_PATH.test(code) && code.includes('/') && !/[<*]|\.\.\./.test(code)) paths.push(code);
  }
  for (const link of text.matchAll(/\]\((?!https?:|mailto:)([^)\s#]*)(?:#([^)\s]*))?\)/g)) {
    const path = link[1] ? relative(root, resolve(root, dirname(doc), link[1])) : doc;
    paths.push(path);
    if (link[2] && path.endsWith('.md') && existsSync(join(root, path)) && !anchorsOf(path).has(link[2])) {
      anchors.push(`${path}#${link[2]}`);
    }
  }
  return { variables, paths, anchors };
}

/**
 * Every variable a doc names as a setting: in inline code (`LOG_FORMAT`, `DB_MAX_CONNECTIONS=20`), set in a code
 * block (`RUNTIME_ENV=production` in a heredoc, `DB_PORT=5433 npm start`), or a line of .env.example
 * (`# SMTP_URL=...`). Constants the code defines (`LIST_PREVIEW_CHARS`) are names of another kind, left out.
 */
function namedVariables(doc: string, constants: ReadonlySet<string>, text = read(doc)): string[] {
  const names =
    doc === '.env.example'
      ? [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1])
      : [
          ...namedThings(doc, text).variables,
          ...[...text.matchAll(/^ *```[\w-]*\n([\s\S]*?)^ *```/gm)].flatMap((block) =>
            [...block[1].matchAll(/(?:^|[\s;&|(])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=/gm)].map((match) => match[1]),
          ),
        ];
  return [...new Set(names)].filter((name) => !constants.has(name));
}

/** Each variable `doc` names that nothing reads, as the failure says it: its name and the file. */
function unreadVariables(doc: string, isRead: VariableCheck, constants: ReadonlySet<string>, text = read(doc)): string[] {
  return namedVariables(doc, constants, text)
    .filter((name) => !isRead(name))
    .map((name) => `\`${name}\` (${doc}): named, but nothing reads it`);
}

describe('every entry point the docs name installs the npm packages first', () => {
  it('make: each line that runs nx runs ensure-dependencies.mjs before it', () => {
    for (const target of makeTargets()) {
      const lines = execFileSync('make', ['-n', target], { cwd: root, encoding: 'utf8' }).split('\n');
      for (const line of lines.filter((text) => text.includes('npx nx'))) {
        expect(line, `make ${target}`).toMatch(/^node tools\/scripts\/ensure-dependencies\.mjs && npx nx /);
      }
    }
  });

  it('npm: each script that runs nx has a pre-script that runs it', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    for (const [name, command] of Object.entries(scripts).filter(([, command]) => /^nx /.test(command))) {
      expect(scripts[`pre${name}`], `npm ${name} (${command})`).toBe('node tools/scripts/ensure-dependencies.mjs');
    }
  });
});

describe('the commands in README.md and docs/*.md', () => {
  const graph = projectGraph();
  const isRead = variableCheck();
  const constants = definedConstants(root);

  it.each(DOCS)('%s: every command names targets, options, scripts, files and variables that exist', (doc) => {
    const problems = commandsIn(doc).flatMap((words) => problemsOf(words, graph, isRead).map((problem) => `${words.join(' ')}: ${problem}`));
    const { paths, anchors } = namedThings(doc);
    for (const path of paths) if (!existsSync(join(root, path))) problems.push(`${path}: no such file`);
    for (const anchor of anchors) problems.push(`${anchor}: no such heading`);
    expect(problems, doc).toEqual([]);
  });

  it.each([...DOCS, '.env.example'])('%s: every variable it names is read by the apps, compose, the platform or its tools', (doc) => {
    expect(unreadVariables(doc, isRead, constants), 'a variable the docs name must be read by the apps, compose, the platform or a tool').toEqual([]);
  });

  it('setup.md names the Docker plugin releases the engine check requires', () => {
    const setup = read('docs/setup.md').replace(/\s+/g, ' ');
    expect(setup).toContain(`Compose ${DOCKER_PLUGINS.compose.minimum} or newer`);
    expect(setup).toContain(`Buildx ${DOCKER_PLUGINS.buildx.minimum} or newer`);
  });

  it("name the Node.js release of package.json's engines.node, and install that one", () => {
    const major = minVersion(JSON.parse(read('package.json')).engines.node)?.major;
    const named = DOCS.flatMap((doc) =>
      [...read(doc).matchAll(/\bNode(?:\.js)? (\d+)|node@(\d+)|setup_(\d+)\.x|nvm install (\d+)/g)].map((match) => ({
        where: `${doc}: ${match[0]}`,
        major: Number(match.slice(1).find(Boolean)),
      })),
    );
    expect(named.filter((name) => name.major !== major).map((name) => name.where)).toEqual([]);
    const setup = read('docs/setup.md');
    for (const install of [`brew install node@${major}`, `setup_${major}.x`, `nvm install ${major}`]) expect(setup).toContain(install);
  });

  it('finds a stale command: a renamed target, option, make target, file or variable', () => {
    const stale = (line: string) => problemsOf(simpleCommands(line)[0], graph, isRead);
    expect(stale('npx nx run db:migrate --status --tui=false')).toEqual([]);
    expect(stale('npx nx run db:migrations --status')).toEqual(['no Nx target db:migrations']);
    expect(stale('npx nx run db:migrate --stats')).toEqual(['db:migrate has no option --stats']);
    expect(stale('npx nx run db:migrate --down 1')).toEqual([
      "db:migrate asks first: add --tui=false (or --yes), or Nx's terminal UI hides the question",
    ]);
    expect(stale('make rebuild-db')[0]).toBe('no make target rebuild-db');
    expect(stale('npm run serve')).toEqual(['no npm script serve']);
    expect(stale('node tools/scripts/no-such-script.mjs')).toEqual(['no file tools/scripts/no-such-script.mjs']);
    expect(stale('DB_PROT=5433 npm start')).toEqual(['unknown environment variable DB_PROT']);
    expect(stale('npx nx run-many -t lint tset -p api,wbe')).toEqual(['no project has a target tset', 'no Nx project wbe']);
    expect([...anchorsOf('docs/setup.md')]).toEqual(expect.arrayContaining(['the-settings-file-env', 'docker-on-ubuntu-or-debian']));
  });

  it('finds a variable nothing reads, in prose, in a code block and in .env.example, and names its file', () => {
    const doc = ['Set `LOG_FORMATT=json` in `.env`.', '```bash', 'DB_MAX_CONECTIONS=20 npm start', '```', 'Keep `LOG_FORMAT`.'].join('\n');
    expect(unreadVariables('docs/x.md', isRead, constants, doc)).toEqual([
      '`LOG_FORMATT` (docs/x.md): named, but nothing reads it',
      '`DB_MAX_CONECTIONS` (docs/x.md): named, but nothing reads it',
    ]);
    expect(unreadVariables('.env.example', isRead, constants, '# MAIL_FROMM=x\nMAIL_FROM=y\n')).toEqual([
      '`MAIL_FROMM` (.env.example): named, but nothing reads it',
    ]);
    // The apps read these (their Config), compose passes them, the platform's own settings read the passwords.
    for (const name of ['LOG_FORMAT', 'DB_MAX_CONNECTIONS', 'LOGIN_ACCOUNT_BURST', 'POSTGRES_PASSWORD', 'AWS_ACCESS_KEY_ID']) {
      expect(isRead(name), name).toBe(true);
    }
    expect(inlineCode('`2`, `2` and ``a ` b``')).toEqual(['2', '2', 'a ` b']);
  });

  it('reads shell lines as the shell does', () => {
    expect(shellWords(`make psql command="SELECT count(*) FROM users" # one statement`)).toEqual([
      'make',
      'psql',
      'command=SELECT count(*) FROM users',
    ]);
    expect(simpleCommands('cd x && npm start > out.log 2>&1 | tee log')).toEqual([
      ['cd', 'x'],
      ['npm', 'start'],
      ['tee', 'log'],
    ]);
  });
});

/**
 * The platform's own messages the production part of troubleshooting.md is keyed by, each with the file that prints
 * it: a reworded message fails here, not in an operator's search. (Caddy's, git's, cargo's and systemd's are quoted
 * from their sources; they are not in this repository.)
 */
const PRODUCTION_MESSAGES: readonly [message: string, source: string][] = [
  ['The HTTPS edge did not answer on port', 'libs/runtime/src/docker/runtime.ts'],
  ['its log (make logs service=edge) says why', 'libs/runtime/src/docker/runtime.ts'],
  ['(the HTTPS edge runs only in the production stack, `make up-production`)', 'libs/runtime/src/runtime.ts'],
  ['No mail could be sent (', 'apps/web/src/api_client.rs'],
  ["the mail server refused the mail; ask the platform's operator to look at the api's log", 'apps/api/src/error.rs'],
  ['the mail server is not taking mail right now', 'apps/api/src/error.rs'],
  ['mail not sent', 'apps/api/src/mail/mod.rs'],
  ['mail to be tried again', 'apps/api/src/notifier.rs'],
  ['mail given up on (dead): ', 'apps/api/src/outbox.rs'],
  ['[coaching platform] ', 'tools/nx-plugin/src/executors/alert/executor.ts'],
  [', and moving to ', 'libs/use-cases/src/upgrade.ts'],
  ['would carry or lose the changes: ', 'libs/use-cases/src/upgrade.ts'],
];

describe('troubleshooting.md, in production', () => {
  const production = read('docs/troubleshooting.md').split('## In production')[1]?.split('\n## ')[0] ?? '';

  it('has its own part: certificates and the edge, mail, systemd units, updating the code, memory while building', () => {
    for (const heading of [
      'Certificates and the HTTPS edge',
      'Mail that cannot be sent',
      'A systemd unit failed',
      'Updating the code',
      'Out of memory while building',
    ]) {
      expect(production, heading).toContain(`### ${heading}`);
    }
  });

  it.each(PRODUCTION_MESSAGES)('quotes %j as %s prints it', (message, source) => {
    expect(production.replace(/\s+/g, ' ')).toContain(message);
    expect(read(source).replace(/\\\n\s*/g, '')).toContain(message);
  });

  it('names the units deploy/systemd installs, as systemd calls them', () => {
    const units = readdirSync(join(root, 'deploy', 'systemd'));
    for (const unit of production.match(/coaching-platform[\w@-]*\.service/g) ?? []) {
      expect(units, unit).toContain(unit.replace(/@.*\.service$/, '@.service'));
    }
  });
});
