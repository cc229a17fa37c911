/**
 * Regenerates the README's screenshots from a fresh platform with the demo data:
 *
 *   npx nx run e2e:screenshots
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { launchBrowser, logIn, openSessionWith } from './browser';
import { startTemporaryPlatform } from '@coaching/stack';

async function main(): Promise<void> {
  const folder = join(workspaceRoot, 'docs', 'screenshots');
  await mkdir(folder, { recursive: true });
  const platform = await startTemporaryPlatform(workspaceRoot);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await logIn(page, platform.webUrl, 'coach@example.com');
    await page.screenshot({ path: join(folder, 'dashboard.png'), fullPage: true });
    await openSessionWith(page, 'Jamie Rivera');
    await page.screenshot({ path: join(folder, 'session.png'), fullPage: true });
    console.log(`Saved dashboard.png and session.png in ${folder}`);
  } finally {
    await browser.close();
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
