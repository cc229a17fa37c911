import { MAILPIT_VERSION } from '@coaching/platform-model';
import type { Reporter } from '@coaching/process';
import { installedTool, type CachedTool } from './cache';
import { goTool } from './go';

/** Mailpit, the development mail catcher. */
export const MAILPIT: CachedTool = goTool('Mailpit', 'github.com/axllent/mailpit', MAILPIT_VERSION, 'mailpit', 'the development mail catcher');

/** The Mailpit binary, installed on first use. */
export function mailpit(reporter: Reporter): Promise<string> {
  return installedTool(MAILPIT, reporter);
}
