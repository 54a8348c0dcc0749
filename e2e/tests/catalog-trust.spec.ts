// The app uses only catalogs signed by the portal key it pinned on first
// contact; a refused catalog leaves the saved one in use, and says so.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, appReady } from '../support/fixtures';
import { catalogSaved } from '../support/filing';
import { navTo } from '../support/nav';

const b64u = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A detached ES256 JWS over `body` by a freshly made key (not the portal's). */
function signWithStrangerKey(body: Buffer): string {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  const kid = b64u(createHash('sha256').update(`{"crv":"P-256","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`).digest());
  const protectedB64 = b64u(JSON.stringify({ alg: 'ES256', jwk: { crv: 'P-256', kty: 'EC', x: jwk.x, y: jwk.y }, kid }));
  const sig = sign('sha256', Buffer.from(`${protectedB64}.${b64u(body)}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${protectedB64}..${b64u(sig)}`;
}

test('a tampered catalog is refused and the saved one stays in use', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await expect(page.getByRole('heading', { name: 'Đăng ký khai sinh' })).toBeVisible();
  // The saved copy, and the portal key pinned on first contact.
  await catalogSaved(page);

  await page.route('**/api/catalog', async (route) => {
    const res = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
    const body = (await res.text()).replace('"Đăng ký khai sinh"', '"Đăng ký khai sinh (giả mạo)"');
    await route.fulfill({ status: 200, headers: { ...res.headers(), etag: '"tampered"' }, body });
  });
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('status').filter({ hasText: 'Chữ ký của danh mục nhận được không hợp lệ' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Đăng ký khai sinh', exact: true })).toBeVisible();
  await expect(page.getByText('giả mạo')).toHaveCount(0);
});

test('a catalog signed by another key is refused', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  // The portal's key is pinned (on first contact) before the stranger's catalog comes.
  await catalogSaved(page);
  await page.route('**/api/catalog', async (route) => {
    const res = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
    const body = Buffer.from((await res.text()).replace('"Đăng ký kết hôn"', '"Đăng ký kết hôn (khoá lạ)"'));
    await route.fulfill({
      status: 200,
      headers: { 'content-type': 'application/json', etag: '"stranger"', 'tokhai-signature': signWithStrangerKey(body) },
      body,
    });
  });
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('status').filter({ hasText: 'ký bằng khoá khác' })).toBeVisible();
  await expect(page.getByText('khoá lạ')).toHaveCount(0);
});

test('with no network, a signed catalog file from the office is loaded', async ({ page, portal }, testInfo) => {
  const res = await fetch(`${portal.url}/api/catalog.signed`);
  expect(res.headers.get('content-disposition')).toContain('tokhai-catalog-');
  mkdirSync(testInfo.outputDir, { recursive: true });
  const file = join(testInfo.outputDir, 'tokhai-catalog.json');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));

  // A device that never reached the portal.
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await page.goto('/cai-dat');
  await appReady(page);
  await page.getByLabel('Nạp danh mục từ tệp').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Đã nạp danh mục phiên bản 2026.11.1' })).toBeVisible();
  await navTo(page, 'Thủ tục');
  await expect(page.getByRole('heading', { name: 'Đăng ký khai sinh' })).toBeVisible();

  // A tampered file is refused.
  const text = Buffer.from(await (await fetch(`${portal.url}/api/catalog.signed`)).arrayBuffer()).toString();
  const doc = JSON.parse(text);
  doc.payload = b64u(Buffer.from(doc.payload, 'base64url').toString().replace('Đăng ký khai tử', 'Đăng ký khai tử X'));
  const bad = join(testInfo.outputDir, 'tampered.json');
  writeFileSync(bad, JSON.stringify(doc));
  await page.goto('/cai-dat');
  await appReady(page);
  await page.getByLabel('Nạp danh mục từ tệp').setInputFiles(bad);
  await expect(page.getByRole('status').filter({ hasText: 'không hợp lệ' })).toBeVisible();
});
