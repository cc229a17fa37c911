import type { Tree } from '@nx/devkit';
import { disagreementsWithModel, GENERATED_FILES, readEnvContracts, type EnvContracts } from '@coaching/deployment';

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
  for (const { path, render } of GENERATED_FILES) {
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
