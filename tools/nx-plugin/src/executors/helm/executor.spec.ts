import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, muteLogger } from '../shared/testing';

const stack = vi.hoisted(() => ({ helm: vi.fn(), run: vi.fn() }));
vi.mock('@coaching/tool-cache', async (importOriginal) => ({ ...(await importOriginal<typeof import('@coaching/tool-cache')>()), helm: stack.helm }));
vi.mock('@coaching/process', async (importOriginal) => ({ ...(await importOriginal<typeof import('@coaching/process')>()), run: stack.run }));

import helmExecutor from './executor';

const HELM = '/cache/coaching-platform/helm-v3.22.0/helm';
const CHART = '/workspace/deploy/helm/coaching-platform';

/** The argument lists Helm was run with. */
function helmRuns(): string[][] {
  return stack.run.mock.calls.map(([program, args]) => {
    expect(program).toBe(HELM);
    return args as string[];
  });
}

describe('helm', () => {
  beforeEach(() => {
    muteLogger();
    stack.helm.mockReset().mockResolvedValue(HELM);
    stack.run.mockReset().mockResolvedValue({ stdout: '', stderr: '' });
  });

  it('lints strictly with the defaults and with the example production values', async () => {
    expect(await helmExecutor({ command: 'lint' }, executorContext())).toEqual({ success: true });
    const runs = helmRuns();
    expect(runs).toHaveLength(2);
    for (const args of runs) expect(args.slice(0, 3)).toEqual(['lint', '--strict', CHART]);
    expect(runs[0]).toContain('database.host=db.example.internal');
    expect(runs[1]).toContain('/workspace/deploy/helm/values-production.yaml');
  });

  it('renders with the values file asked for, for the oldest supported Kubernetes', async () => {
    await helmExecutor({ command: 'template', values: 'my-values.yaml' }, executorContext());
    expect(helmRuns()).toEqual([['template', 'coaching-platform', CHART, '--kube-version', '1.31.0', '--values', '/workspace/my-values.yaml']]);
  });

  it('packages into dist/helm with the versions given, and pushes the package to a registry when given one', async () => {
    const archive = '/workspace/dist/helm/coaching-platform-1.2.3.tgz';
    stack.run.mockResolvedValueOnce({ stdout: `Successfully packaged chart and saved it to: ${archive}`, stderr: '' });
    await helmExecutor({ command: 'package', version: '1.2.3', appVersion: '1.2.3', registry: 'ghcr.io/example' }, executorContext());
    expect(helmRuns()).toEqual([
      ['package', CHART, '--destination', '/workspace/dist/helm', '--version', '1.2.3', '--app-version', '1.2.3'],
      ['push', archive, 'oci://ghcr.io/example'],
    ]);
  });

  it('fails in one line when Helm cannot be installed', async () => {
    stack.helm.mockRejectedValue(new Error('installing Helm (the Kubernetes package manager) needs Go'));
    expect(await helmExecutor({ command: 'lint' }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('helm failed: installing Helm (the Kubernetes package manager) needs Go');
  });
});
