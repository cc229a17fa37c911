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
