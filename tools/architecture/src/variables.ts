/**
 * Which environment variables the repository really reads, and which the docs name: the docs test holds every name a
 * doc gives as a setting (`LOG_FORMAT`, `DB_MAX_CONNECTIONS=20`, a line of .env.example) to something that reads it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings } from '@coaching/runtime';

/** A name as environment variables and constants are written: upper case, words joined by `_`. */
const NAME = '[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+';

/** How each kind of file reads a variable; the first group is its name (or, for `prefix`, the start of names). */
const READING: { files: RegExp; patterns: RegExp[]; prefix?: RegExp }[] = [
  // The apps' settings (clap's `#[arg(env = "…")]`) and what the test kit reads (std::env::var).
  { files: /\.rs$/, patterns: [new RegExp(`\\benv\\s*=\\s*"(${NAME})"`, 'g'), new RegExp(`\\bvar(?:_os)?\\(\\s*"(${NAME})"\\s*\\)`, 'g')] },
  // What Compose interpolates from .env (and the runtimes' variables), and what the containers' scripts read.
  { files: /\.(?:ya?ml|sh)$|Dockerfile$|\.Dockerfile$/, patterns: [new RegExp(`\\$\\{?(${NAME})\\b`, 'g')] },
  // Caddy's `{$NAME}`; systemd's `$NAME`, `${NAME}`; the Makefile's `$(NAME)` and `$$NAME`.
  { files: /Caddyfile$/, patterns: [new RegExp(`\\{\\$(${NAME})\\}`, 'g')] },
  { files: /\.(?:service|timer)$/, patterns: [new RegExp(`\\$\\{?(${NAME})\\b`, 'g')] },
  { files: /^Makefile$/, patterns: [new RegExp(`\\$\\$?\\(?\\{?(${NAME})\\b`, 'g')] },
  // The tools in TypeScript: the process's environment, an environment handed over (`env['NAME']`), and the
  // platform's settings asking for one by name (`optional('NAME')`, `value('NAME')`); prefixes whose every variable
  // is handed on (`const BACKEND_PREFIXES = ['AWS_', …]`); an Nx target's cache key (`{ env: 'NAME' }`).
  {
    files: /\.(?:ts|mjs|cjs)$/,
    patterns: [
      new RegExp(`\\bprocess\\.env(?:\\.(${NAME})\\b|\\[['"](${NAME})['"]\\])`, 'g'),
      new RegExp(`\\{\\s*env:\\s*['"](${NAME})['"]\\s*\\}`, 'g'),
      new RegExp(`\\b(?:env|environment)\\[['"](${NAME})['"]\\]`, 'g'),
      new RegExp(`\\b(?:optional|value)\\(['"](${NAME})['"]\\)`, 'g'),
    ],
    prefix: /const [A-Z_]*PREFIXES = \[([^\]]*)\]/g,
  },
];

/** The folders whose files can read a variable; node_modules, build output and caches are never walked. */
const SOURCES = ['apps', 'libs', 'tools', 'docker', 'deploy', 'bench', 'scripts', '.ci', '.github'];
const SKIPPED = new Set(['node_modules', 'target', 'dist', 'tmp', '.nx']);

/** Every file of the repository a variable can be read in (tests excluded: they set variables, they do not promise them). */
function sourceFiles(root: string): string[] {
  const files = ['Makefile', 'compose.yaml', 'compose.production.yaml', 'package.json'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(path);
      } else if (!/\.spec\.ts$|\/tests\//.test(path)) {
        files.push(path);
      }
    }
  };
  for (const dir of SOURCES) if (existsSync(join(root, dir))) walk(dir);
  return files;
}

export interface Readers {
  /** Each variable read by name, with the files that read it. */
  names: Map<string, string[]>;
  /** Starts of names whose every variable is read (handed on to a tool), with the files that do. */
  prefixes: Map<string, string[]>;
}

/** What the repository's files read, found by the patterns of READING. */
export function variableReaders(root: string): Readers {
  const readers: Readers = { names: new Map(), prefixes: new Map() };
  const add = (map: Map<string, string[]>, name: string, file: string) => map.set(name, [...(map.get(name) ?? []), file]);
  for (const file of sourceFiles(root)) {
    const base = file.split('/').at(-1)!;
    const kinds = READING.filter((kind) => kind.files.test(file) || kind.files.test(base));
    if (kinds.length === 0) continue;
    const text = readFileSync(join(root, file), 'utf8');
    for (const kind of kinds) {
      for (const pattern of kind.patterns) for (const match of text.matchAll(pattern)) add(readers.names, (match[1] ?? match[2])!, file);
      for (const list of kind.prefix ? text.matchAll(kind.prefix) : []) {
        for (const prefix of list[1]!.matchAll(/'([A-Z][A-Z0-9_]*_)'/g)) add(readers.prefixes, prefix[1]!, file);
      }
    }
  }
  return readers;
}

/** The constants the code defines (`const LIST_PREVIEW_CHARS`, `pub const MAX_AGENDA_TOPICS`): names, not settings. */
export function definedConstants(root: string): Set<string> {
  const constants = new Set<string>();
  for (const file of sourceFiles(root).filter((path) => /\.(?:rs|ts)$/.test(path))) {
    for (const match of readFileSync(join(root, file), 'utf8').matchAll(new RegExp(`\\b(?:const|static)\\s+(${NAME})\\b`, 'g'))) {
      constants.add(match[1]!);
    }
  }
  return constants;
}

/** A valid off-site recipient, so that the off-site variables are read (they are only when OFFSITE_REPOSITORY is set). */
const OFFSITE = { OFFSITE_REPOSITORY: 's3:s3.example.com/bucket', OFFSITE_RECIPIENTS: `age1${'q'.repeat(58)}` };

/**
 * Whether the platform's settings (`readSettings`, every command's) read `name`: giving it a value changes what they
 * say, or makes them refuse it. Tried on their own and with off-site backups on, whose settings are read only then.
 */
export function platformSettingsRead(name: string): boolean {
  const root = mkdtempSync(join(tmpdir(), 'docs-variables-'));
  try {
    return [{}, OFFSITE].some((base) => {
      const before = JSON.stringify(readSettings(root, base));
      return ['x', '1'].some((value) => {
        try {
          return JSON.stringify(readSettings(root, { ...base, [name]: value })) !== before;
        } catch {
          return true;
        }
      });
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
