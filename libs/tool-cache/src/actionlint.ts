import type { Reporter } from '@coaching/process';
import { installedTool, type CachedTool } from './cache';
import { goTool } from './go';

/** actionlint: checks the GitHub workflows (the release workflow above all) in `npm test`. */
export const ACTIONLINT: CachedTool = goTool(
  'actionlint',
  'github.com/rhysd/actionlint/cmd/actionlint',
  'v1.7.12',
  'actionlint',
  'checking GitHub workflows',
);

/** The actionlint binary, installed on first use. */
export function actionlint(reporter: Reporter): Promise<string> {
  return installedTool(ACTIONLINT, reporter);
}
