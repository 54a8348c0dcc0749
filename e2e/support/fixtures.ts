// Playwright fixtures: a portal per worker (or per file, with custom options)
// and the page's baseURL pointing at it.
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { startPortal, type Portal, type PortalOptions } from './portal';

export const test = base.extend<{ axe: () => Promise<void> }, { portal: Portal; portalOptions: PortalOptions }>({
  portalOptions: [{}, { scope: 'worker', option: true }],
  portal: [
    async ({ portalOptions }, use) => {
      const portal = await startPortal(portalOptions);
      await use(portal);
      await portal.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ portal }, use) => use(portal.url),
  // A route handler still answering when the test ends (the app asks for the
  // catalog again whenever it likes) must not fail the test after the fact.
  page: async ({ page }, use) => {
    await use(page);
    // A test may close its page itself (durability.spec.ts ends pages abruptly).
    if (!page.isClosed()) await page.unrouteAll({ behavior: 'ignoreErrors' });
  },
  // Runs axe-core (WCAG 2.x A/AA rules) on the current page and expects no violations.
  axe: async ({ page }, use) => {
    await use(async () => {
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(summary, 'axe-core accessibility violations').toEqual([]);
    });
  },
});

export { expect };

/** Waits until the app says it is interactive (see src/ready.rs). */
export async function appReady(page: import('@playwright/test').Page) {
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
}
