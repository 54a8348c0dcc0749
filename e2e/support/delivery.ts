// Controlling the outbox's delivery instead of racing it. The app publishes
// what its scheduler does on <html> (src/delivery.rs): `data-delivery-pass`
// (scheduling passes done), `data-delivery-in-flight` (uploads under way),
// `data-outbox-sweep` (retention sweeps done), `data-delivery-held`.
import { expect, type BrowserContext, type Page } from '@playwright/test';

/** The app's test-only switch (src/delivery.rs `HOLD_SWITCH`). */
const HOLD_SWITCH = 'tokhai.test.holdDelivery';

/**
 * From the next page load on, every app start in `target` (a page, or every
 * page of a context) holds its outbox: nothing is sent on its own until
 * "Gửi lại ngay" is pressed on that page. Other contexts are not affected.
 */
export async function holdDelivery(target: Page | BrowserContext) {
  await target.addInitScript((key) => {
    try {
      localStorage.setItem(key, '1');
    } catch {
      /* about:blank and opaque origins have no storage */
    }
  }, HOLD_SWITCH);
}

/** Waits until the app on `page` holds its outbox (the switch took effect). */
export async function deliveryHeld(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-delivery-held', 'true');
}

/** Scheduling passes the app on `page` has finished since it started. */
export async function deliveryPasses(page: Page): Promise<number> {
  return Number((await page.locator('html').getAttribute('data-delivery-pass')) ?? 0);
}

/**
 * Waits until the scheduler has finished a pass after `after` passes and
 * nothing is being uploaded: whatever the app was going to send by itself
 * at that moment, it has started and finished.
 */
export async function deliverySettled(page: Page, after = 0) {
  await expect.poll(() => deliveryPasses(page)).toBeGreaterThan(after);
  await expect(page.locator('html')).toHaveAttribute('data-delivery-in-flight', '0');
}

/** Waits until the retention sweep has run at least `n` times since the app started. */
export async function sweptAtLeast(page: Page, n = 1) {
  await expect.poll(async () => Number((await page.locator('html').getAttribute('data-outbox-sweep')) ?? 0)).toBeGreaterThanOrEqual(n);
}
