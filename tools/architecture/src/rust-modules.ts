import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The module graph of one Rust crate, one node per source file: which files a file refers to through
 * `use` and paths (`crate::`, `super::`, `self::`). Inline `#[cfg(test)] mod … { }` blocks are left out:
 * tests sit beside what they test and are not part of the layering.
 */
export interface ModuleGraph {
  /** Module path (`routes::goals`, `crate` for the root) → the file that holds it, relative to the crate. */
  files: Map<string, string>;
  /** Module path → module paths it refers to. */
  edges: Map<string, Set<string>>;
}

/** Reads the crate whose root file is `rootFile` (src/lib.rs or src/main.rs) and every file it declares with `mod`. */
export function readModuleGraph(crateDir: string, rootFile: string): ModuleGraph {
  const files = new Map<string, string>();
  const sources = new Map<string, string>();
  const children = new Map<string, string[]>();
  const visit = (modulePath: string, file: string, ownsDirectory: boolean) => {
    files.set(modulePath, relative(crateDir, file));
    const source = codeOf(readFileSync(file, 'utf8'));
    sources.set(modulePath, source);
    // A root or mod.rs file keeps its children beside it; `foo.rs` keeps them in `foo/`.
    const childDir = ownsDirectory ? dirname(file) : file.replace(/\.rs$/, '');
    const declared = [...source.matchAll(/\bmod\s+([A-Za-z_][A-Za-z0-9_]*)\s*;/g)].map(([, name]) => name);
    children.set(modulePath, declared);
    for (const name of declared) {
      const child = modulePath === 'crate' ? name : `${modulePath}::${name}`;
      const flat = join(childDir, `${name}.rs`);
      const nested = join(childDir, name, 'mod.rs');
      if (existsSync(flat)) visit(child, flat, false);
      else if (existsSync(nested)) visit(child, nested, true);
    }
  };
  visit('crate', join(crateDir, rootFile), true);

  const edges = new Map<string, Set<string>>();
  for (const [modulePath, source] of sources) {
    const targets = new Set<string>();
    for (const path of referencedPaths(source, children.get(modulePath) ?? [])) {
      const target = resolveModule(absolutePath(path, modulePath), files);
      if (target && target !== modulePath) targets.add(target);
    }
    edges.set(modulePath, targets);
  }
  return { files, edges };
}

/** Groups of files that refer to each other in a circle (strongly connected components of more than one file). */
export function findCycles(graph: ModuleGraph): string[][] {
  // Tarjan's algorithm.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.edges.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.map((module) => graph.files.get(module)!).sort());
    }
  };
  for (const node of graph.files.keys()) if (!index.has(node)) connect(node);
  return cycles;
}

/** The crate's root files: a library and a binary are two module trees. */
export function crateRoots(crateDir: string): string[] {
  return ['src/lib.rs', 'src/main.rs'].filter((file) => existsSync(join(crateDir, file)));
}

/** The source without comments, string contents and inline test modules: what the layering is about. */
export function codeOf(source: string): string {
  return withoutTestModules(withoutCommentsAndStrings(source));
}

function withoutCommentsAndStrings(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/r#*"[\s\S]*?"#*/g, '""')
    .replace(/"(?:\\[\s\S]|[^"\\])*"/g, '""')
    .replace(/\/\/[^\n]*/g, ' ');
}

/** Drops `#[cfg(test)] mod name { … }` blocks (brace-matched). */
function withoutTestModules(source: string): string {
  const start = /#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{/g;
  let result = source;
  for (let match = start.exec(result); match; match = start.exec(result)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (depth > 0 && end < result.length) {
      if (result[end] === '{') depth += 1;
      if (result[end] === '}') depth -= 1;
      end += 1;
    }
    result = result.slice(0, match.index) + result.slice(end);
    start.lastIndex = match.index;
  }
  return result;
}

/**
 * Every `crate::…`, `super::…` and `self::…` path in the source, and those that start with one of the file's own
 * child modules (`pages::router`), with `use` trees expanded; the child-module paths come back as `self::…`.
 */
export function referencedPaths(source: string, childModules: readonly string[] = []): string[] {
  const paths: string[] = [];
  const rest = source.replace(/\buse\s+([^;]+);/g, (_, tree: string) => {
    paths.push(...expandUseTree(tree.replace(/\s+as\s+\w+/g, '').replace(/\s+/g, '')));
    return ' ';
  });
  const starts = ['crate', 'super', 'self', ...childModules].join('|');
  for (const [path] of rest.matchAll(new RegExp(`(?<![\\w:])(?:${starts})(?:::[A-Za-z_][A-Za-z0-9_]*)+`, 'g'))) paths.push(path);
  return paths.flatMap((path) => {
    const first = path.split('::')[0];
    if (['crate', 'super', 'self'].includes(first)) return [path];
    return childModules.includes(first) ? [`self::${path}`] : [];
  });
}

/** `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`. */
function expandUseTree(tree: string): string[] {
  const open = tree.indexOf('{');
  if (open === -1) return [tree];
  const prefix = tree.slice(0, open);
  const inner = tree.slice(open + 1, tree.lastIndexOf('}'));
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of inner) {
    if (character === '{') depth += 1;
    if (character === '}') depth -= 1;
    if (character === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += character;
  }
  parts.push(current);
  return parts.filter(Boolean).flatMap((part) => expandUseTree(`${prefix}${part}`));
}

/** `super::x` in `routes::goals` → `crate::routes::x`; `self::x` → `crate::routes::goals::x`. */
function absolutePath(path: string, from: string): string[] {
  const segments = path.split('::').filter((segment) => segment !== '' && segment !== '*');
  let base = from === 'crate' ? [] : from.split('::');
  if (segments[0] === 'crate') return segments.slice(1);
  while (segments[0] === 'super') {
    base = base.slice(0, -1);
    segments.shift();
  }
  if (segments[0] === 'self') segments.shift();
  return [...base, ...segments];
}

/** The deepest module of the crate that `segments` names (or passes through). */
function resolveModule(segments: string[], files: Map<string, string>): string | undefined {
  for (let length = segments.length; length > 0; length -= 1) {
    const candidate = segments.slice(0, length).join('::');
    if (files.has(candidate)) return candidate;
  }
  return 'crate';
}
