import { MAILPIT_VERSION } from '@coaching/platform-model';
import type { Reporter } from '@coaching/process';
import { installedTool, type CachedTool } from './cache';
import { goTool } from './go';

/** Mailpit, the Rust tests' mail catcher (testkit::mail); the docker stack runs its image, the native runtime MailDev. */
export const MAILPIT: CachedTool = goTool('Mailpit', 'github.com/axllent/mailpit', MAILPIT_VERSION, 'mailpit', "the Rust tests' mail catcher");

/** The Mailpit binary, installed on first use. */
export function mailpit(reporter: Reporter): Promise<string> {
  return installedTool(MAILPIT, reporter);
}
