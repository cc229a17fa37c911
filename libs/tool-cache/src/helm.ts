import type { Reporter } from '@coaching/process';
import { installedTool, type CachedTool } from './cache';
import { goTool } from './go';
import { pythonTool } from './python';

/** The Helm release that lints, renders and packages the chart. */
export const HELM_VERSION = 'v3.22.0';

/** Helm, the Kubernetes package manager. */
export const HELM: CachedTool = goTool('Helm', 'helm.sh/helm/v3/cmd/helm', HELM_VERSION, 'helm', 'the Kubernetes package manager');

/** The Helm binary, installed on first use. */
export function helm(reporter: Reporter): Promise<string> {
  return installedTool(HELM, reporter);
}

/** The kubernetes-validate release (PyPI): it ships the API schemas of Kubernetes 1.25 to 1.37 and works offline. */
export const KUBERNETES_VALIDATE_VERSION = '1.37.0';

const KUBERNETES_VALIDATE = pythonTool('kubernetes-validate', KUBERNETES_VALIDATE_VERSION, 'kubernetes-validate');

/** The `kubernetes-validate` command, installed on first use. */
export function kubernetesValidate(reporter: Reporter): Promise<string> {
  return installedTool(KUBERNETES_VALIDATE, reporter);
}
