import { installedTool, type CachedTool } from './cache';
import { goTool } from './go';
import { pythonTool } from './python';

/** The Helm release that lints, renders and packages the chart. */
export const HELM_VERSION = 'v3.22.0';

/** The Kubernetes chart, its example production settings and the packages' folder, relative to the workspace root. */
export const HELM_CHART = {
  dir: 'deploy/helm/coaching-platform',
  productionValues: 'deploy/helm/values-production.yaml',
  packageDir: 'dist/helm',
} as const;

/**
 * The Kubernetes releases the chart is rendered and validated for: the oldest supported, and a recent one. A Helm
 * built with `go install` has no version stamped in and would assume Kubernetes 1.20, older than the chart allows.
 */
export const KUBERNETES_VERSIONS = ['1.31.0', '1.34.0'] as const;

/**
 * The settings the chart cannot default (a database host, the network its NetworkPolicy lets the database traffic go
 * to, and the public address), as `--set` arguments: with them, the chart's own defaults render.
 */
export const HELM_REQUIRED_SETTINGS = [
  '--set',
  'database.host=db.example.internal',
  '--set',
  'networkPolicy.databaseTo[0].ipBlock.cidr=10.20.0.0/16',
  '--set',
  'publicWebOrigin=https://coaching.example.com',
];

/** Helm, the Kubernetes package manager. */
export const HELM: CachedTool = goTool('Helm', 'helm.sh/helm/v3/cmd/helm', HELM_VERSION, 'helm', 'the Kubernetes package manager');

/** The Helm binary, installed on first use. */
export function helm(): Promise<string> {
  return installedTool(HELM);
}

/** The kubernetes-validate release (PyPI): it ships the API schemas of Kubernetes 1.25 to 1.37 and works offline. */
export const KUBERNETES_VALIDATE_VERSION = '1.37.0';

const KUBERNETES_VALIDATE = pythonTool('kubernetes-validate', KUBERNETES_VALIDATE_VERSION, 'kubernetes-validate');

/** The `kubernetes-validate` command, installed on first use. */
export function kubernetesValidate(): Promise<string> {
  return installedTool(KUBERNETES_VALIDATE);
}
