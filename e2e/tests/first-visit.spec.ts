// A first visit on a slow phone network: index.html itself shows the header
// and a Vietnamese loading state (no blank white screen while the wasm
// downloads), boot.js shows the real download progress, and a failed
// download or a browser too old says so, with "Thử lại" where trying again helps.
import type { Page, Route } from '@playwright/test';
import { test, expect, appReady } from '../support/fixtures';

const LOADING = 'Đang tải ứng dụng Tờ khai';

/** Holds requests matching `re` until the returned function is called. */
async function hold(page: Page, re: RegExp): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((ok) => (release = ok));
  await page.route(re, async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Records every text the loading state's status line shows, from the first paint on. */
async function recordStatus(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = ((window as any).__bootStatus = []);
    new MutationObserver(() => {
      const s = document.getElementById('boot-status');
      if (s && s.textContent !== seen[seen.length - 1]) seen.push(s.textContent ?? '');
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

test('first visit over a slow network: the header and loading state before any script, then real progress', async ({ page }) => {
  // A slow phone network for everything (slower than this only lengthens the test).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: 250_000,
    uploadThroughput: 100_000,
  });
  await recordStatus(page);
  // The loader and the app's code wait until the test has seen the page.
  const releaseBoot = await hold(page, /\/boot\.js$/);
  const releaseWasm = await hold(page, /_bg\.wasm$/);
  await page.goto('/', { waitUntil: 'commit' });

  // Plain HTML and CSS: no script of ours has run yet.
  await expect(page.getByRole('banner')).toContainText('Tờ khai');
  await expect(page.getByRole('status').filter({ hasText: LOADING })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toHaveCount(0);
  expect(await page.locator('html').getAttribute('data-ready')).toBeNull();

  releaseBoot();
  releaseWasm();
  await appReady(page);
  // The app replaced the loading state: one header, the catalog.
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'Thủ tục hành chính' })).toBeVisible();
  // The status line counted the download up, in percent of the real size.
  const seen: string[] = await page.evaluate(() => (window as any).__bootStatus);
  const percents = seen.map((s) => s.match(/(\d+) %/)?.[1]).filter(Boolean).map(Number);
  expect(percents.some((p) => p > 0 && p < 100), `a partial download shown: ${seen.join(' | ')}`).toBe(true);
  expect(percents[percents.length - 1]).toBe(100);
});

test('the app code fails to download: a clear message, and "Thử lại" loads it', async ({ page }) => {
  await page.route(/_bg\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  const failed = page.getByRole('alert').filter({ hasText: 'Không tải được ứng dụng' });
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('Kiểm tra mạng');
  await expect(page.getByRole('status').filter({ hasText: LOADING })).toBeHidden();
  await expect(page.getByRole('banner')).toContainText('Tờ khai');

  await page.unroute(/_bg\.wasm$/);
  await failed.getByRole('button', { name: 'Thử lại' }).tap();
  await appReady(page);
  await expect(page.getByRole('list', { name: 'Thủ tục hành chính' })).toBeVisible();
  await expect(failed).toHaveCount(0);
});

test('a server error for the app code: the same message', async ({ page }) => {
  await page.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 503, body: 'busy' }));
  await page.goto('/');
  await expect(page.getByRole('alert').filter({ hasText: 'Không tải được ứng dụng' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Thử lại' })).toBeVisible();
});

test('a browser without WebAssembly: told it is too old', async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as any).WebAssembly;
  });
  await page.goto('/');
  await expect(page.getByRole('alert').filter({ hasText: 'Trình duyệt này quá cũ' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: LOADING })).toBeHidden();
});
