import { existsSync } from 'node:fs';

/** Where Debian (`chromium`), Ubuntu (`chromium-browser`) and macOS (Google Chrome) put the browser. */
const USUAL_PLACES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when set, else the first browser in its usual place;
 * undefined when there is none. No browser is ever downloaded.
 */
export function chromiumPath(environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = environment['CHROMIUM_PATH'];
  if (configured) return existsSync(configured) ? configured : undefined;
  return USUAL_PLACES.find((place) => existsSync(place));
}
