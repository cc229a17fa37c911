import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { run, type Reporter } from '@coaching/process';
import { helm } from '@coaching/tool-cache';
import { HELM_CHART, KUBERNETES_VERSIONS } from './chart';

/** The parts of the rendered Kubernetes objects that the chart's tests and the scale-out simulation read. */
export interface Labels {
  [name: string]: string;
}
export interface HttpProbe {
  httpGet?: { path: string; port: string };
  exec?: { command: string[] };
  periodSeconds?: number;
}
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports?: { name: string; containerPort: number }[];
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  startupProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  resources?: { limits?: { memory?: string } };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
export interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  emptyDir?: object;
}
export interface PodSpec {
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number; seccompProfile?: { type: string } };
  terminationGracePeriodSeconds?: number;
  containers: Container[];
  volumes?: Volume[];
}
export interface Peer {
  podSelector?: { matchLabels?: Labels };
  namespaceSelector?: unknown;
  ipBlock?: unknown;
}
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels; annotations?: Record<string, string> };
  /** A Secret's values, base64-encoded. */
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    /** A StatefulSet's governing Service: its pods answer at its name. */
    serviceName?: string;
    template?: { metadata: { labels: Labels }; spec: PodSpec };
    volumeClaimTemplates?: { metadata: { name: string } }[];
    podSelector?: { matchLabels: Labels };
    ingress?: { from?: Peer[] }[];
    egress?: { to?: Peer[]; ports?: { port: number }[] }[];
  };
}

/** The release name the tests render the chart as; the prefix of every object's name is `<release>-coaching-platform`. */
export const HELM_RELEASE = 'coaching';

/** `helm template` of the chart with `settings` for the oldest supported Kubernetes: the text, and its objects. */
export async function renderChart(
  workspaceRoot: string,
  settings: readonly string[],
  reporter: Reporter,
): Promise<{ text: string; objects: K8sObject[] }> {
  const { stdout: text } = await run(
    await helm(reporter),
    ['template', HELM_RELEASE, join(workspaceRoot, HELM_CHART.dir), '--kube-version', KUBERNETES_VERSIONS[0], ...settings],
    { cwd: workspaceRoot },
  );
  const objects = parseAllDocuments(text)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
  return { text, objects };
}

/** The rendered object of this kind and name; throws when the chart has none. */
export function named(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered chart`);
  return found;
}
