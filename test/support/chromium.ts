/**
 * Headless Chromium for the browser tests: Debian's `chromium` package (`.ci/run` installs
 * it with apt-get), driven by playwright-core, which downloads no browser of its own.
 *
 * - SLACKLINE_CHROMIUM names another executable; the default is /usr/bin/chromium.
 * - No executable: the tests are skipped, with the reason printed loudly; but in CI
 *   (CI=true, or SLACKLINE_REQUIRE_CHROMIUM=1, which `.ci/run` exports) that is a failure:
 *   the browser tests must run there.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.SLACKLINE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const chromiumRequired = process.env.SLACKLINE_REQUIRE_CHROMIUM === '1' || process.env.CI === 'true';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set SLACKLINE_CHROMIUM)`;
  if (chromiumRequired) throw new Error(`browser tests must run in CI but cannot: ${reason}`);
  console.warn(`\n*** SKIPPING the browser tests: ${reason} ***\n`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
