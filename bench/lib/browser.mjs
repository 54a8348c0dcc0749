// Debian's Chromium driven by the Playwright that e2e/ installs; never a
// downloaded browser. The flags keep Chromium from phoning home (a closed
// network answers with errors and retries that would skew timings).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.mjs';

export const CHROMIUM_PATH = process.env.TOKHAI_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
  '--no-sandbox',
  '--disable-dev-shm-usage',
];

/** The phone every browser suite emulates, as in e2e/playwright.config.ts. */
export const DEVICE = 'Pixel 7';

const PLAYWRIGHT = new URL('../../e2e/node_modules/playwright/index.mjs', import.meta.url);

let playwright;
/** The `playwright` module from e2e/node_modules (installed by `make setup`). */
export async function loadPlaywright() {
  if (playwright) return playwright;
  if (!existsSync(fileURLToPath(PLAYWRIGHT))) {
    throw new Error('Playwright is missing: run `make setup` (it installs e2e/node_modules)');
  }
  playwright = await import(PLAYWRIGHT.href);
  return playwright;
}

/**
 * Launches headless Chromium; closed by cleanup.mjs if the harness stops early.
 * Returns { browser, version, device, newContext(options) } where newContext
 * gives a fresh context (empty cache and storage) emulating DEVICE.
 */
export async function launchChromium({ headless = true } = {}) {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`);
  const pw = await loadPlaywright();
  const browser = await pw.chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless,
    // Signals are handled by cleanup.mjs, which also stops the portal.
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const unregister = onCleanup(() => browser.close());
  const device = pw.devices[DEVICE];
  return {
    browser,
    version: browser.version(),
    device: DEVICE,
    newContext: (options = {}) => browser.newContext({ ...device, ...options }),
    async close() {
      unregister();
      await browser.close();
    },
  };
}
