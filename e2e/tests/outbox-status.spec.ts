// After filing: the receipt follows the case as the portal moves it; a dossier
// the portal refuses keeps its reason, and can be copied back, fixed and filed again.
import { execFileSync } from 'node:child_process';
import { test, expect, appReady } from '../support/fixtures';
import { deliverySettled } from '../support/delivery';
import { CASE_NUMBER, file, fillCopyCertification, idbAll, savedCatalogVersion, waitForServiceWorker } from '../support/filing';
import { portalBinary, signAsPortal } from '../support/portal';

test('the receipt shows the case status as the portal moves it, and the last one known offline', async ({ page, context, portal }) => {
  await page.goto('/');
  await appReady(page);
  await fillCopyCertification(page, 'Mai Văn Tư');
  const id = await file(page);
  await expect(page.locator('.receipt-case')).toHaveText(CASE_NUMBER, { timeout: 30_000 });
  const status = page.locator('dd.receipt-status');
  await expect(status).toHaveText('Đã tiếp nhận');

  const advance = () => execFileSync(portalBinary(), ['case', 'advance', id, '--db', portal.dbPath], { encoding: 'utf8' });
  expect(advance()).toContain('processing');
  await page.getByRole('button', { name: 'Cập nhật tình trạng' }).click();
  await expect(status).toHaveText('Đang giải quyết');
  expect(advance()).toContain('result_ready');
  // Opening the receipt online asks the portal again.
  await page.reload();
  await appReady(page);
  await expect(status).toHaveText('Có kết quả');
  const entry = (await idbAll(page, 'outbox')).find((r) => r.id === id);
  expect(JSON.parse(entry.entry).state.receipt.status).toBe('result_ready');

  // Offline, the app opens from the service worker: wait until it controls the page.
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await appReady(page);
  await expect(status).toHaveText('Có kết quả');
  await expect(page.getByText('Đang xem bản lưu trên máy.')).toBeVisible();
  await context.setOffline(false);
});

test('refused by the portal: the reason stays, the dossier is copied back, fixed and filed again', async ({ page, portal }) => {
  test.setTimeout(120_000);
  // The device got a form version this portal does not know (signed by the
  // portal's key, as a catalog of another portal server would be), and files
  // with it. That catalog is older than the portal's: a device never takes a
  // catalog older than the one it has, so the portal's own comes after it.
  await page.route('**/api/catalog', async (route) => {
    const res = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
    const cat = await res.json();
    cat.procedures.find((x: { code: string }) => x.code === '2.000815').schemaVersion = '9.0.0';
    cat.version = '2026.10.9';
    const body = JSON.stringify(cat);
    await route.fulfill({
      status: 200,
      headers: { 'content-type': 'application/json', etag: '"other"', 'tokhai-signature': signAsPortal(portal, res.headers()['tokhai-signature'], body) },
      body,
    });
  });
  await page.goto('/');
  await appReady(page);
  await expect.poll(() => savedCatalogVersion(page)).toBe('2026.10.9');
  await fillCopyCertification(page, 'Hà Văn Mười');
  const refusedId = await file(page);

  await page.goto('/hop-thu-di');
  await appReady(page);
  const items = page.getByRole('list', { name: 'Hộp thư đi' }).getByRole('listitem');
  const refused = items.filter({ hasText: 'Hà Văn Mười' });
  await expect(refused).toContainText('Bị từ chối', { timeout: 30_000 });
  // The portal's own words, in Vietnamese, and its code.
  await expect(refused).toContainText('Mẫu tờ khai đã thay đổi');
  await expect(refused).toContainText('unknown_procedure_version');
  const stored = (await idbAll(page, 'outbox')).find((r) => r.id === refusedId);
  expect(stored.state).toBe('rejected');
  const attempts = JSON.parse(stored.entry).attempts as number; // 2 if the page left mid-upload

  // Back on the portal's catalog, the citizen fixes and files again. (The
  // app may be asking for the catalog right now: let that answer finish
  // before the route goes, or it would be answered twice.)
  await page.unrouteAll({ behavior: 'wait' });
  await page.reload();
  await appReady(page);
  await expect.poll(() => savedCatalogVersion(page)).toBe('2026.11.1');
  // Refused for good: an app start does not send it again — the scheduler
  // has looked at the outbox and nothing is being sent.
  await deliverySettled(page);
  const after = (await idbAll(page, 'outbox')).find((r) => r.id === refusedId);
  expect([after.state, JSON.parse(after.entry).attempts]).toEqual(['rejected', attempts]);
  await refused.getByRole('button', { name: 'Sửa và nộp lại' }).click();
  await expect(page).toHaveURL(/\/ho-so\/[0-9a-f-]{36}/);
  await expect(page.getByLabel('Bản chính có mấy trang?')).toHaveValue('1');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Hà Văn Mười');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kiểm tra và nộp hồ sơ' })).toBeVisible();
  await expect(page.getByText('ban-chinh.pdf')).toBeVisible(); // the attachment came back too
  await expect(page.getByRole('status').filter({ hasText: 'Hồ sơ đã đủ thông tin để nộp.' })).toBeVisible();
  const againId = await file(page);
  expect(againId).not.toBe(refusedId);
  await expect(page.locator('.receipt-case')).toHaveText(CASE_NUMBER, { timeout: 30_000 });

  // Nothing was deleted because of the refusal.
  const outbox = await idbAll(page, 'outbox');
  expect(outbox.map((r) => [r.id, r.state]).sort()).toEqual([[againId, 'accepted'], [refusedId, 'rejected']].sort());
  // The portal holds the dossier filed again, and no case for the refused one.
  expect((await fetch(`${portal.url}/api/bundles/${refusedId}`)).status).toBe(404);
  expect((await (await fetch(`${portal.url}/api/bundles/${againId}`)).json()).status).toBe('received');
});
