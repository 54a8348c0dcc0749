// The app uses only catalogs signed by the portal key it was built to trust
// (e2e/keys/, build.rs), or a key that key handed over to by a rotation
// statement, and never one older than the saved catalog; a refused catalog
// leaves the saved one in use, and says so.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, appReady } from '../support/fixtures';
import { catalogSaved, idbAll, savedCatalogVersion } from '../support/filing';
import { portalBinary, signAsPortal, startPortal, testSigningKey } from '../support/portal';
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

test('first visit through a tampering proxy: a catalog signed by another key is refused, and nothing is pinned', async ({ page }) => {
  // The man in the middle answers the very first request for the catalog with his own, signed by his key.
  await page.route('**/api/catalog', async (route) => {
    const res = await route.fetch();
    const body = Buffer.from((await res.text()).replace('"Đăng ký khai sinh"', '"Đăng ký khai sinh (giả mạo)"'));
    await route.fulfill({
      status: 200,
      headers: { 'content-type': 'application/json', etag: '"mitm"', 'tokhai-signature': signWithStrangerKey(body) },
      body,
    });
  });
  await page.goto('/');
  await appReady(page);
  await expect(page.getByRole('status').filter({ hasText: 'ký bằng khoá khác với khoá của cổng dịch vụ công mà ứng dụng này tin cậy' })).toBeVisible();
  await expect(page.getByText('giả mạo')).toHaveCount(0);
  expect(await savedCatalogVersion(page)).toBeNull();

  // Without him, the genuine catalog is accepted: his key was never trusted.
  await page.unroute('**/api/catalog');
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('heading', { name: 'Đăng ký khai sinh', exact: true })).toBeVisible();
  await catalogSaved(page);
});

test('a replayed older catalog, genuinely signed, is refused', async ({ page, portal }) => {
  // The device first gets a newer catalog (2026.12.1, signed with the portal's key).
  await page.route('**/api/catalog', async (route) => {
    const res = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
    const body = Buffer.from((await res.text()).replace('"version":"2026.11.1"', '"version":"2026.12.1"'));
    const signature = signAsPortal(portal, res.headers()['tokhai-signature'], body);
    await route.fulfill({ status: 200, headers: { 'content-type': 'application/json', etag: '"newer"', 'tokhai-signature': signature }, body });
  });
  await page.goto('/');
  await appReady(page);
  await expect.poll(() => savedCatalogVersion(page)).toBe('2026.12.1');

  // Then the portal's 2026.11.1 — a genuine signature on an older catalog — is refused.
  await page.unroute('**/api/catalog');
  await page.reload();
  await appReady(page);
  await expect(
    page.getByRole('status').filter({ hasText: 'Danh mục nhận được (phiên bản 2026.11.1) cũ hơn danh mục đã có trên máy (phiên bản 2026.12.1)' }),
  ).toBeVisible();
  expect(await savedCatalogVersion(page)).toBe('2026.12.1');
  await expect(page.getByRole('heading', { name: 'Đăng ký khai sinh', exact: true })).toBeVisible();
});

test('a rotation statement signed with the old key is followed, and the old key retired', async ({ page }) => {
  // The device has the catalog, signed with the key the app was built with.
  await page.goto('/');
  await appReady(page);
  await catalogSaved(page);

  // The portal operator rotates that key (the CLI signs the statement with the old key).
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-rotated-'));
  const key = join(dir, 'portal-signing-key.json');
  copyFileSync(testSigningKey, key);
  chmodSync(key, 0o600);
  execFileSync(portalBinary(), ['signing-key', 'rotate', '--signing-key', key]);
  const { kid } = JSON.parse(readFileSync(key, 'utf8')) as { kid: string };
  const rotated = await startPortal({ signingKey: key });
  try {
    // The portal now answers with the rotated one's catalog: new key, statements in Tokhai-Key-Rotation.
    // Fetched before the route is set, so the handler answers at once (never
    // still busy when the page reloads under it).
    const res = await fetch(`${rotated.url}/api/catalog`);
    expect(res.headers.get('tokhai-key-rotation')).toBeTruthy();
    const answer = {
      status: 200,
      headers: {
        'content-type': 'application/json',
        etag: '"rotated"',
        'tokhai-signature': res.headers.get('tokhai-signature')!,
        'tokhai-key-rotation': res.headers.get('tokhai-key-rotation')!,
      },
      body: Buffer.from(await res.arrayBuffer()),
    };
    await page.route('**/api/catalog', (route) => route.fulfill(answer));
    await page.reload();
    await appReady(page);
    // Accepted: saved in place of the copy signed with the old key.
    await expect.poll(async () => (await idbAll(page, 'catalog'))[0]?.etag).toBe('"rotated"');
    // The rotated portal's part is over. The app may be asking again right
    // now; leaving the page cancels that request, which then needs no answer.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    // The device now trusts the new key.
    await page.goto('/cai-dat');
    await appReady(page);
    await expect(page.getByText(kid)).toBeVisible();
  } finally {
    await rotated.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  // A catalog signed with the old key is refused from now on.
  await page.goto('/');
  await appReady(page);
  await expect(page.getByRole('status').filter({ hasText: 'ký bằng khoá khác' })).toBeVisible();
});

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
  // A catalog is saved before the stranger's catalog comes.
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
