import type { PlatformSettings } from '@coaching/platform-model';
import type { Reporter } from '@coaching/process';
import type { DatabaseTools } from './runtime';

/**
 * Brings a database's schema to the newest migration and, in development, loads the demo data (unchanged when
 * already there). The one place that says so for TypeScript; compose.yaml says the same with its migrate and
 * seed services.
 */
export async function migrateAndSeed(tools: DatabaseTools, settings: PlatformSettings, reporter: Reporter): Promise<void> {
  reporter.progress('Applying database migrations');
  await tools.api(['migrate', 'up']);
  if (settings.runtimeEnv === 'development') {
    reporter.progress('Loading demo data (development only; unchanged when already there)');
    await tools.api(['seed']);
  }
}
