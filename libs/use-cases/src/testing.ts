import type { PlatformSettings } from '@coaching/platform-model';
import { silentReporter } from '@coaching/process';
import { fakeRuntime } from '@coaching/runtime/testing';
import type { Platform } from './platform';

/** For this library's specs: a platform on `runtime` (a fake one unless given) with only the settings a spec reads. */
export function fakePlatform(settings: Partial<PlatformSettings>, runtime = fakeRuntime()): Platform {
  return { workspaceRoot: '/workspace', settings: settings as PlatformSettings, runtime, reporter: silentReporter, recordsFirstStart: false };
}
