import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import type { Result } from 'autocannon';

export interface Row {
  scenario: string;
  result: Result;
}

/** Requests/s and latency figures of one autocannon run, as table cells. */
export function figures({ scenario, result }: Row): Record<string, string> {
  return {
    scenario,
    'req/s (mean)': result.requests.average.toFixed(0),
    'p50 ms': result.latency.p50.toFixed(1),
    'p99 ms': result.latency.p99.toFixed(1),
    requests: String(result.requests.total),
    'errors / non-2xx': `${result.errors} / ${result.non2xx}`,
  };
}

export function markdownTable(rows: Record<string, string>[]): string {
  const headers = Object.keys(rows[0] ?? {});
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map((row) => line(headers.map((h) => row[h] ?? '')))].join('\n');
}

export function machine(): string {
  const cores = cpus();
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
}

/** The opening words of a report: when, and with which command, the figures were measured. */
export function measuredWith(target: string): string {
  return `Measured ${new Date().toISOString().slice(0, 10)} with \`npx nx run bench:${target}\``;
}

/**
 * Prints `table` and makes it the `name` section of docs/benchmarks.md, under `title` and the lines that say how it
 * was measured.
 */
export async function publish(name: string, title: string, method: string[], table: string): Promise<void> {
  console.log(`\n${title}\n${table}\n`);
  await writeSection(join(workspaceRoot, 'docs', 'benchmarks.md'), name, [`## ${title}`, '', ...method, '', table].join('\n'));
}

/** Runs a benchmark script: a failure prints its message and sets exit code 1. */
export function runScript(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}

/**
 * Replaces the section between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->` in a markdown file,
 * appending it when missing, so each benchmark owns its part of docs/benchmarks.md.
 */
async function writeSection(file: string, name: string, body: string): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const existing = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const section = `${start}\n${body.trim()}\n${end}`;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  const updated = pattern.test(existing) ? existing.replace(pattern, section) : `${existing.trimEnd()}\n\n${section}\n`;
  await writeFile(file, updated);
}
