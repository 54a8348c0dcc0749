import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. The flags keep it from
// phoning home, which a closed network answers with connection errors.
export const chromiumArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
  '--no-sandbox',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: './tests',
  // Each worker starts its own portal (see support/fixtures.ts); the machine has 2 cores.
  workers: 2,
  // A test that fails once must fail the run: flakiness is fixed at its root
  // (tests wait on the app's state, never on time), never retried away.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    ...devices['Pixel 7'],
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    trace: 'retain-on-failure',
  },
});
