import { test, expect, appReady } from '../support/fixtures';
import { CASE_NUMBER, file, fillCopyCertification, idbAll, waitForServiceWorker } from '../support/filing';
import { navTo } from '../support/nav';

test('filed offline: queued; back online: accepted, receipt with QR, the portal verified it', async ({ page, context, portal, axe }) => {
  await page.goto('/');
  await appReady(page);
  await waitForServiceWorker(page);
  await context.setOffline(true);

  await fillCopyCertification(page);
  const id = await file(page);
  await expect(page.getByText('đang chờ gửi')).toBeVisible();
  // The draft became a bundle: no draft left, one bundle queued.
  expect(await idbAll(page, 'drafts')).toHaveLength(0);
  const queued = await idbAll(page, 'outbox');
  expect(queued.map((r) => r.state)).toEqual([expect.stringMatching(/queued|waiting|sending/)]);

  await navTo(page, 'Hộp thư đi');
  await expect(page.getByRole('list', { name: 'Hộp thư đi' }).getByRole('listitem')).toContainText(/Chờ gửi|Chưa gửi được/);
  await axe();

  await context.setOffline(false);
  const item = page.getByRole('list', { name: 'Hộp thư đi' }).getByRole('listitem');
  await expect(item).toContainText('Đã được tiếp nhận', { timeout: 30_000 });
  await item.getByRole('link', { name: 'Xem biên nhận' }).click();
  const caseNumber = (await page.locator('.receipt-case').textContent())!.trim();
  expect(caseNumber).toMatch(CASE_NUMBER);
  await expect(page.getByRole('img', { name: /Mã QR/ })).toBeVisible();
  await expect(page.getByText('Ngày hẹn trả kết quả')).toBeVisible();
  await axe();

  // The portal holds this very bundle as one case, with the signature the browser made.
  const status = await (await fetch(`${portal.url}/api/bundles/${id}`)).json();
  expect(status.caseNumber).toBe(caseNumber);
  expect(status.status).toBe('received');

  // The receipt stays available offline.
  await context.setOffline(true);
  await page.reload();
  await appReady(page);
  await expect(page.locator('.receipt-case')).toHaveText(caseNumber);
  await context.setOffline(false);
});

test('a bundle can be saved as a file and imported on another device', async ({ page, browser, portal }) => {
  await page.goto('/');
  await appReady(page);
  await page.route('**/api/bundles', (route) => route.abort('internetdisconnected'));
  await fillCopyCertification(page, 'Đinh Văn Hải');
  const id = await file(page);
  await page.goto('/hop-thu-di');
  await appReady(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lưu tệp hồ sơ' }).click();
  const saved = await (await download).path();
  expect(saved).toBeTruthy();

  // Another device (a fresh browser context): import the file, and it is delivered from there.
  const other = await browser.newContext({ baseURL: portal.url });
  const p2 = await other.newPage();
  await p2.goto('/hop-thu-di');
  await appReady(p2);
  await p2.getByLabel('Nhập hồ sơ từ tệp').setInputFiles(saved!);
  await expect(p2.getByRole('status').filter({ hasText: 'Đã nhập' })).toBeVisible();
  const item = p2.getByRole('list', { name: 'Hộp thư đi' }).getByRole('listitem');
  await expect(item).toContainText('Đã được tiếp nhận', { timeout: 30_000 });
  // Importing it again changes nothing.
  await p2.getByLabel('Nhập hồ sơ từ tệp').setInputFiles(saved!);
  await expect(p2.getByRole('status').filter({ hasText: 'đã có trong hộp thư đi' })).toBeVisible();
  expect((await (await fetch(`${portal.url}/api/bundles/${id}`)).json()).status).toBe('received');
  await other.close();
});
