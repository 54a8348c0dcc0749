// The offline shell: the service worker keeps the app usable without a
// network, the connection indicator says so, a new version waits for the
// user's "update", and the web app manifest and its icons are in place.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, appReady } from '../support/fixtures';
import { attach, fillAddress, next, onStep, pdf } from '../support/form';
import { catalogSaved } from '../support/filing';
import { portalBinary, repoRoot, testSigningKey } from '../support/portal';

const OFFLINE = 'Đang ngoại tuyến — vẫn khai và lưu được';
const UPDATE = 'Có phiên bản mới — cập nhật';

/** Waits until a service worker controls the page (installed, activated, claimed). */
async function swControls(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
}

function indicator(page: Page, text = OFFLINE) {
  return page.getByRole('banner').getByRole('status').filter({ hasText: text });
}

test('offline: the app, a form and the address data load from the service worker', async ({ page, context }) => {
  await page.goto('/');
  await appReady(page);
  const list = page.getByRole('list', { name: 'Thủ tục hành chính' });
  await expect(list.getByRole('listitem')).toHaveCount(9);
  await expect(indicator(page)).toHaveCount(0);
  await swControls(page);
  await catalogSaved(page);

  await context.setOffline(true);
  await page.reload();
  await appReady(page);
  await expect(list.getByRole('heading', { name: 'Đăng ký khai sinh' })).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(9);
  await expect(indicator(page)).toBeVisible();
  await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
  await expect(indicator(page, 'Offline — you can still fill in and save')).toBeVisible();
  await page.getByRole('button', { name: 'Switch to Vietnamese' }).click();

  // A navigation to a form, offline: the service worker answers with the shell.
  await page.goto('/thu-tuc/1.001193/to-khai');
  await appReady(page);
  await onStep(page, 'Thông tin của bé');
  await expect(indicator(page)).toBeVisible();

  // The address data the forms fetch lazily is in the precache.
  const tsv = await page.evaluate(async () => {
    const res = await fetch('/data/dvhc-2025.tsv');
    return { status: res.status, lines: (await res.text()).split('\n').length };
  });
  expect(tsv.status).toBe(200);
  expect(tsv.lines).toBeGreaterThan(3000);

  // And a form step with an address works with it.
  await page.getByLabel('Họ và tên của bé').fill('Nguyễn Minh Khang');
  await page.getByRole('radio', { name: 'Nam' }).check();
  await page.getByLabel('Ngày sinh của bé').fill('18/10/2025');
  await page.getByLabel('Nơi sinh').fill('Bệnh viện Phụ sản Hà Nội');
  await page.getByLabel('Quê quán').fill('xã Hải Hậu, tỉnh Ninh Bình');
  await page.getByLabel('Dân tộc').fill('Kinh');
  await page.getByLabel('Quốc tịch').fill('Việt Nam');
  await attach(page, 'Giấy chứng sinh', pdf('giay-chung-sinh.pdf'));
  await next(page);
  await onStep(page, 'Thông tin của mẹ');
  const mother = page.getByRole('group', { name: /Nơi ở hiện nay của mẹ/ });
  await expect(mother.getByLabel('Tỉnh, thành phố', { exact: true }).locator('option')).toHaveCount(35);
  await fillAddress(mother, 'Thành phố Hà Nội', 'ba dinh', 'Phường Ba Đình', 'Số 12, ngõ 68');

  // Back online: the indicator clears and the catalog is confirmed by the portal.
  await page.goto('/');
  await appReady(page);
  await expect(page.getByText('Đang dùng danh mục thủ tục đã lưu')).toBeVisible();
  await context.setOffline(false);
  await expect(indicator(page)).toHaveCount(0);
  await expect(indicator(page, 'Trực tuyến')).toHaveCount(1);
  await expect(page.getByText('Đang dùng danh mục thủ tục đã lưu')).toHaveCount(0);
});

test('a failed request to the portal shows the indicator, a successful one clears it', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await swControls(page);
  await catalogSaved(page);
  await page.route('**/api/catalog', (route) => route.abort('connectionrefused'));
  await page.reload();
  await appReady(page);
  await expect(indicator(page, 'Không kết nối được cổng dịch vụ công — vẫn khai và lưu được')).toBeVisible();
  // (A request the route is answering finishes first: it must not be answered twice.)
  await page.unrouteAll({ behavior: 'wait' });
  // The app checks again by itself (every 30 s); going back online is quicker to wait for.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(indicator(page, 'Không kết nối được')).toHaveCount(0);
  await expect(page.getByText('Đang dùng danh mục thủ tục đã lưu')).toHaveCount(0);
});

test('the service worker precaches the shell and is always revalidated', async ({ request }) => {
  const res = await request.get('/sw.js');
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toBe('no-cache');
  const body = await res.text();
  const build = JSON.parse(body.match(/const BUILD = ([\s\S]*?\});/)![1]) as { version: string; files: string[] };
  expect(build.version).toMatch(/^[0-9a-f]{16}$/);
  for (const f of ['/index.html', '/boot.js', '/manifest.webmanifest', '/data/dvhc-2025.tsv', '/icons/icon-192.png']) {
    expect(build.files).toContain(f);
  }
  expect(build.files.some((f) => /_bg\.wasm$/.test(f))).toBe(true);
  expect(build.files.some((f) => /\.(br|gz)$/.test(f) || f === '/sw.js')).toBe(false);
  for (const f of build.files) expect((await request.get(f)).status(), f).toBe(200);
  expect((await request.get('/index.html')).headers()['cache-control']).toBe('no-cache');
});

test('manifest: Vietnamese name, standalone, icons that exist at their stated sizes', async ({ page, request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/manifest+json');
  const m = await res.json();
  expect(m).toMatchObject({
    name: 'Tờ khai — Dịch vụ công',
    short_name: 'Tờ khai',
    lang: 'vi',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#a51c1c',
  });
  const pngs = (m.icons as { src: string; sizes: string; type: string; purpose: string }[]).filter((i) => i.type === 'image/png');
  for (const purpose of ['any', 'maskable']) {
    for (const size of ['192x192', '512x512']) {
      expect(pngs.some((i) => i.purpose === purpose && i.sizes === size), `${purpose} ${size}`).toBe(true);
    }
  }

  await page.goto('/');
  await appReady(page);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', m.theme_color);
  await expect(page.locator('meta[name="apple-mobile-web-app-capable"]')).toHaveAttribute('content', 'yes');
  await expect(page.locator('meta[name="apple-mobile-web-app-title"]')).toHaveAttribute('content', 'Tờ khai');
  await expect(page.locator('meta[name="apple-mobile-web-app-status-bar-style"]')).toHaveCount(1);
  const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  const icons = [...pngs.map((i) => ({ src: i.src, size: Number(i.sizes.split('x')[0]) })), { src: apple!, size: 180 }];
  for (const { src, size } of icons) {
    const icon = await request.get(src);
    expect(icon.status(), src).toBe(200);
    expect(icon.headers()['content-type'], src).toBe('image/png');
    const decoded = await page.evaluate(async (url) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, src);
    expect(decoded, src).toEqual([size, size]);
  }
});

// --- The update flow, against a portal serving a copy of dist/ that the test changes.

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

function testKeyCopy(dir: string): string {
  const key = join(dir, 'portal-signing-key.json');
  copyFileSync(testSigningKey, key);
  chmodSync(key, 0o600);
  return key;
}

async function portalServing(dist: string, dir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    portalBinary(),
    [
      '--addr', `127.0.0.1:${port}`, '--db', join(dir, 'portal.sqlite3'), '--catalog', join(repoRoot, 'catalog'), '--dist', dist,
      // The key the app is built to trust (a copy: the portal would make its directory private).
      '--signing-key', testKeyCopy(dir),
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 300 || child.exitCode !== null) throw new Error('portal did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

test('a new version waits for the user, then takes over after one reload', async ({ page, context, axe }) => {
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-sw-update-'));
  const dist = join(dir, 'dist');
  cpSync(join(repoRoot, 'dist'), dist, { recursive: true });
  // The files this test changes are served uncompressed.
  for (const f of ['sw.js', 'index.html']) for (const ext of ['.br', '.gz']) rmSync(join(dist, f + ext), { force: true });
  const portal = await portalServing(dist, dir);
  try {
    await page.goto(`${portal.url}/`);
    await appReady(page);
    await swControls(page);
    const oldCaches = await page.evaluate(() => caches.keys());
    expect(oldCaches).toHaveLength(1);
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // Release a new version: another index.html, hence another sw.js version.
    const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
    const version = sw.match(/"version": "([0-9a-f]+)"/)![1];
    writeFileSync(join(dist, 'sw.js'), sw.replace(`"version": "${version}"`, `"version": "${version}-next"`));
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    writeFileSync(join(dist, 'index.html'), html.replace('<head>', '<head>\n  <meta name="tokhai-release" content="next">'));

    // Coming back online makes the app check for a new version.
    await context.setOffline(true);
    await expect(indicator(page)).toBeVisible();
    await context.setOffline(false);
    await expect(indicator(page)).toHaveCount(0);
    const update = page.getByRole('button', { name: UPDATE });
    await expect(update).toBeVisible();

    // It waits: the new worker is installed but waiting (it takes over only
    // when the app asks it to, on the user's press), so nothing can reload
    // the page; the old version still serves it.
    expect(await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { waiting: reg?.waiting?.state, controller: navigator.serviceWorker.controller === reg?.active };
    })).toEqual({ waiting: 'installed', controller: true });
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await expect(page.locator('meta[name="tokhai-release"]')).toHaveCount(0);

    // Banner and offline indicator together pass axe.
    await context.setOffline(true);
    await expect(indicator(page)).toBeVisible();
    await expect(update).toBeVisible();
    await axe();
    await context.setOffline(false);
    await expect(indicator(page)).toHaveCount(0);

    // A reload by the user is not an update: the new version still waits, and says so.
    await page.reload();
    await appReady(page);
    await expect(update).toBeVisible();
    await expect(page.locator('meta[name="tokhai-release"]')).toHaveCount(0);

    let loads = 0;
    page.on('load', () => loads++);
    await update.click();
    await expect(page.locator('meta[name="tokhai-release"]')).toHaveCount(1);
    await appReady(page);
    // One reload: the new worker is active and nothing waits behind it, so
    // no further controller change (the only thing that reloads) can come.
    const after = await page.evaluate(async () => ({
      controller: navigator.serviceWorker.controller?.state,
      waiting: !!(await navigator.serviceWorker.getRegistration())?.waiting,
      caches: await caches.keys(),
    }));
    expect(after).toEqual({ controller: 'activated', waiting: false, caches: [`tokhai-shell-${version}-next`] });
    expect(loads).toBe(1);
    await expect(update).toHaveCount(0);
  } finally {
    await portal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
