import { workspaceRoot } from '@nx/devkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { consoleReporter } from '@coaching/process';
import { startTemporaryPlatform, type TemporaryPlatform } from '@coaching/testing';
import { launchBrowser } from './browser';

// Apart from browser.ts: vitest loads only inside a test run, and screenshots.ts (a plain script) uses browser.ts.

/** A temporary platform and a browser for the specs of one `describe`, started before and stopped after them. */
export function platformWithBrowser(): { platform: TemporaryPlatform; browser: Browser } {
  const fixture = {} as { platform: TemporaryPlatform; browser: Browser };
  beforeAll(async () => {
    fixture.platform = await startTemporaryPlatform(workspaceRoot, consoleReporter);
    fixture.browser = await launchBrowser();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.platform?.stop();
  });
  return fixture;
}
