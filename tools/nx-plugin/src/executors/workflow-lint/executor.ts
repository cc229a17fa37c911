import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import { parse } from 'yaml';
import { run, RunError } from '@coaching/process';
import { actionlint } from '@coaching/tool-cache';
import { fromWorkspaceRoot } from '../../utils/paths';
import { executor } from '../shared/executor';
import { nxReporter } from '../shared/reporter';
import type { WorkflowLintExecutorOptions } from './schema';

/** An action or reusable workflow from another repository, pinned by commit: `owner/repo[/path]@<40 hex>`. */
const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;

interface Workflow {
  jobs?: Record<string, { uses?: string; steps?: { uses?: string }[] }>;
}

/** Every `uses:` of `workflow` that names another repository without pinning it by commit. */
export function unpinnedActions(workflow: Workflow): string[] {
  const uses = Object.values(workflow.jobs ?? {}).flatMap((job) => [job.uses, ...(job.steps ?? []).map((step) => step.uses)]);
  return uses.filter((use): use is string => typeof use === 'string' && !use.startsWith('./') && !use.startsWith('docker://') && !PINNED.test(use));
}

/** actionlint over the workflows, and every action they use pinned by commit. */
export default executor<WorkflowLintExecutorOptions>('workflow-lint', async (options, context) => {
  const folder = fromWorkspaceRoot(context.root, options.workflows ?? '.github/workflows');
  const files = (await readdir(folder)).filter((file) => /\.ya?ml$/.test(file)).map((file) => join(folder, file));
  const findings: string[] = [];
  for (const file of files) {
    const unpinned = unpinnedActions((parse(await readFile(file, 'utf8')) ?? {}) as Workflow);
    findings.push(...unpinned.map((use) => `${file}: ${use} is not pinned by commit: use owner/repo@<commit> # <tag>`));
  }
  await run(await actionlint(nxReporter), ['-no-color', ...files], { cwd: context.root }).catch((error: unknown) => {
    if (!(error instanceof RunError) || error.exitCode !== 1) throw error;
    findings.push(error.stdout.trim() || error.message);
  });
  if (findings.length > 0) {
    logger.error(findings.join('\n'));
    return false;
  }
  logger.info(`${files.length} workflow(s): actionlint finds nothing, every action is pinned by commit.`);
});
