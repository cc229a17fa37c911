import type { Tree } from '@nx/devkit';
import {
  disagreementsWithModel,
  HELM_CHART,
  readEnvContracts,
  renderChartAppTable,
  renderChartValuesSchema,
  renderComposeFile,
  renderComposeProductionFile,
  renderEnvExample,
  renderSettingsDoc,
  type EnvContracts,
} from '@coaching/deployment';

/** Each file (or part of one) that follows from the apps' env contracts, and how it is written. */
const GENERATED: readonly { path: string; render: (text: string, contracts: EnvContracts) => string }[] = [
  { path: 'compose.yaml', render: renderComposeFile },
  { path: 'compose.production.yaml', render: renderComposeProductionFile },
  { path: `${HELM_CHART.dir}/templates/_helpers.tpl`, render: (text) => renderChartAppTable(text) },
  { path: `${HELM_CHART.dir}/values.schema.json`, render: renderChartValuesSchema },
  { path: '.env.example', render: renderEnvExample },
  { path: 'docs/settings.md', render: (_text, contracts) => renderSettingsDoc(contracts) },
];

/**
 * The global sync generator (`npx nx sync`; `npx nx sync:check` in lint): asks the api and the web for their settings
 * (`<app> env-contract`, built with cargo when needed) and writes every deployment file that follows from them, so a
 * setting added to an app's `Config` reaches compose, the chart, .env.example and the docs without a hand copy.
 */
export default async function envContractSync(tree: Tree) {
  return writeFromContracts(tree, await readEnvContracts(tree.root));
}

/** Writes every generated file from `contracts`; says which were stale, or nothing when all were up to date. */
export function writeFromContracts(tree: Tree, contracts: EnvContracts) {
  const disagreements = disagreementsWithModel(contracts);
  if (disagreements.length > 0) throw new Error(disagreements.join('\n'));
  const stale: string[] = [];
  for (const { path, render } of GENERATED) {
    const before = tree.read(path, 'utf-8') ?? '';
    const after = render(before, contracts);
    if (after === before) continue;
    tree.write(path, after);
    stale.push(path);
  }
  if (stale.length === 0) return;
  return {
    outOfSyncMessage: "The deployment files do not match the apps' settings (their env contracts)",
    outOfSyncDetails: stale,
  };
}
