import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import { describe, expect, it, vi } from 'vitest';
import { executorContext, folderPerTest } from '../shared/testing';
import workflowLintExecutor, { unpinnedActions } from './executor';

const CHECKOUT = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1';

/** A workflow with one job whose steps are `steps`. */
function workflow(steps: string): string {
  return `name: Test\non: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n${steps}`;
}

describe('workflow-lint', () => {
  const folder = folderPerTest('workflows-');

  it('names the actions that are not pinned by commit, and only those', () => {
    const jobs = {
      build: { steps: [{ uses: CHECKOUT }, { uses: 'actions/setup-node@v7' }, { uses: './.github/actions/local' }, { uses: 'docker://alpine:3' }] },
      reuse: { uses: 'octo/workflows/.github/workflows/ci.yml@main' },
    };
    expect(unpinnedActions({ jobs })).toEqual(['actions/setup-node@v7', 'octo/workflows/.github/workflows/ci.yml@main']);
  });

  it("passes this repository's workflows with actionlint itself", async () => {
    expect(await workflowLintExecutor({}, executorContext(join(__dirname, '..', '..', '..', '..', '..')))).toEqual({ success: true });
  });

  it("fails on actionlint's findings and on an action pinned by tag, naming each", async () => {
    writeFileSync(join(folder(), 'broken.yml'), workflow(`      - uses: ${CHECKOUT}\n      - run: echo "\${{ github.evnt.name }}"\n`));
    writeFileSync(join(folder(), 'tagged.yml'), workflow('      - uses: actions/checkout@v7\n'));

    expect(await workflowLintExecutor({ workflows: folder() }, executorContext('/'))).toEqual({ success: false });
    const said = String(vi.mocked(logger.error).mock.calls.at(-1)?.[0]);
    expect(said).toContain('actions/checkout@v7 is not pinned by commit');
    expect(said).toMatch(/broken\.yml.*evnt/s);
  });
});
