// A real browser for the console's tests and benchmark: Debian's chromium (apt-get install
// chromium; docker/local/prerequisites.sh does it) driven by playwright-core, which downloads
// no browser of its own.
import { Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless chromium with no network of its own (updates, sync, QUIC). playwright's launch()
 * gives every browser a fresh temporary profile (user-data-dir) and removes it on close; each
 * newContext() is then an isolated session (its own sessionStorage, cookies, cache).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
