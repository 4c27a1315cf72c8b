import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`.ci/install-chromium`); no browser is ever downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Browser tests are skipped only on a developer's machine without chromium. With CI set they
 * run, and fail at launch, when it is missing: a missing browser must never pass as green.
 */
export const skipBrowserTests = !existsSync(CHROMIUM_PATH) && !process.env.CI;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install it with .ci/install-chromium (Debian's chromium package); browser tests do not skip in CI`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}

/**
 * One browser for a test file, launched by the first test that asks for it: when chromium is
 * missing in CI, every browser test then fails on its own (not "skipped" by a failed hook).
 */
export function sharedChromium(): { get(): Promise<Browser>; close(): Promise<void> } {
  let launched: Promise<Browser> | null = null;
  return {
    get: () => (launched ??= launchChromium()),
    async close() {
      if (launched)
        await launched.then(
          (browser) => browser.close(),
          () => undefined,
        );
    },
  };
}
