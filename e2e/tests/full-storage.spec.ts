// A phone whose storage is really full (Chromium's quota, shrunk through the
// DevTools protocol): the app never says "Đã lưu" for what the browser threw
// away, says plainly what happened and what to do, keeps the change on screen
// and saves it by itself once there is room. Each test checks the screen and
// what IndexedDB holds, read raw.
import { test, expect, appReady } from '../support/fixtures';
import { fillCopyCertification, idbAll, savedCatalogVersion } from '../support/filing';
import { pdf } from '../support/form';
import { signAsPortal } from '../support/portal';
import { quotaFor } from '../support/quota';
import { navTo } from '../support/nav';

const SAVED = /Đã lưu lúc \d\d:\d\d/;
const FULL = /bộ nhớ của máy đã đầy/i;

async function startDraft(page: import('@playwright/test').Page, code: string) {
  await page.goto(`/thu-tuc/${code}/to-khai`);
  await appReady(page);
  await expect(page).toHaveURL(/\/ho-so\/[0-9a-f-]{36}\?buoc=1$/);
}

async function storedName(page: import('@playwright/test').Page): Promise<string | undefined> {
  const [draft] = await idbAll(page, 'drafts');
  return JSON.parse(draft.body).data?.nguoiDuocKhaiSinh?.hoTen;
}

test('typing on a full phone: not "Đã lưu", kept on screen, saved by itself once there is room', async ({ page }) => {
  await startDraft(page, '1.001193');
  const name = page.getByLabel('Họ và tên của bé');
  await name.fill('Nguyễn Minh');
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  expect(await storedName(page)).toBe('Nguyễn Minh');

  const quota = await quotaFor(page);
  await quota.fill(0);
  await name.fill('Nguyễn Minh Khang');
  const alert = page.getByRole('alert').filter({ hasText: 'Chưa lưu được thay đổi mới nhất' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(FULL);
  await expect(alert).toContainText('lưu hồ sơ thành tệp');
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toHaveCount(0);
  // The change is on screen only; what was saved before is intact.
  await expect(name).toHaveValue('Nguyễn Minh Khang');
  expect(await storedName(page)).toBe('Nguyễn Minh');

  // The dossier can be taken away as a file meanwhile, as it is on screen.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lưu hồ sơ thành tệp' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.tokhai-nhap$/);

  // Room again: saved without anyone typing, and only then "Đã lưu".
  await quota.lift();
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible({ timeout: 60_000 });
  await expect(alert).toHaveCount(0);
  expect(await storedName(page)).toBe('Nguyễn Minh Khang');
  await page.reload();
  await appReady(page);
  await expect(name).toHaveValue('Nguyễn Minh Khang');
});

test('a scan that does not fit is not listed as attached, and the slot says why', async ({ page }) => {
  await startDraft(page, '2.000815');
  await page.getByLabel('Đây là giấy tờ gì?').selectOption({ label: 'Giấy khai sinh' });
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  const quota = await quotaFor(page);
  await quota.fill(1024 * 1024);

  // A 4.5 MB scan, as in a phone's Downloads folder (random bytes after the header: incompressible).
  const scan = pdf('ban-scan-lon.pdf');
  const big = Buffer.concat([scan.buffer, Buffer.from(Array.from({ length: 4_500_000 }, () => (Math.random() * 256) | 0))]);
  const slot = page.getByRole('region', { name: 'Ảnh chụp hoặc bản quét bản chính' });
  await slot.getByLabel('Chọn tệp có sẵn').setInputFiles({ ...scan, buffer: big });
  const error = slot.getByRole('alert');
  await expect(error).toContainText('ban-scan-lon.pdf: chưa được đính kèm');
  await expect(error).toContainText(FULL);
  await expect(slot.getByRole('listitem')).toHaveCount(0);
  expect(await idbAll(page, 'attachments')).toHaveLength(0);

  await quota.lift();
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('region', { name: 'Ảnh chụp hoặc bản quét bản chính' }).getByRole('listitem')).toHaveCount(0);
  expect(await idbAll(page, 'attachments')).toHaveLength(0);
});

test('filing on a full phone keeps the draft whole and queues nothing, then files once there is room', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.route('**/api/bundles', (route) => route.abort('internetdisconnected'));
  await fillCopyCertification(page, 'Lý Thị Hồng');
  const draftsBefore = await idbAll(page, 'drafts');
  const attachmentsBefore = await idbAll(page, 'attachments');
  expect(draftsBefore).toHaveLength(1);

  const quota = await quotaFor(page);
  await quota.fill(0);
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByRole('alert').filter({ hasText: FULL })).toBeVisible();
  await expect(page).toHaveURL(/\/ho-so\//);
  expect(await idbAll(page, 'outbox')).toHaveLength(0);
  expect(await idbAll(page, 'drafts')).toEqual(draftsBefore);
  expect(await idbAll(page, 'attachments')).toEqual(attachmentsBefore);

  await quota.lift();
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Kiểm tra và nộp hồ sơ' })).toBeVisible();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page).toHaveURL(/\/bien-nhan\/[0-9a-f-]{36}$/);
  expect(await idbAll(page, 'outbox')).toHaveLength(1);
  expect(await idbAll(page, 'drafts')).toHaveLength(0);
});

test('importing a dossier file on a full phone leaves the outbox as it was', async ({ page, browser, portal }) => {
  // A bundle filed on one device (delivery held back), saved as a file.
  await page.goto('/');
  await appReady(page);
  await page.route('**/api/bundles', (route) => route.abort('internetdisconnected'));
  await fillCopyCertification(page, 'Đoàn Văn Lực');
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page).toHaveURL(/\/bien-nhan\//);
  await page.goto('/hop-thu-di');
  await appReady(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lưu tệp hồ sơ' }).click();
  const saved = await (await download).path();

  // Another device, full: the import is refused plainly and nothing is queued.
  const other = await browser.newContext({ baseURL: portal.url });
  const p2 = await other.newPage();
  await p2.route('**/api/bundles', (route) => route.abort('internetdisconnected'));
  await p2.goto('/hop-thu-di');
  await appReady(p2);
  const quota = await quotaFor(p2);
  await quota.fill(0);
  await p2.getByLabel('Nhập hồ sơ từ tệp').setInputFiles(saved!);
  const report = p2.getByRole('status').filter({ hasText: 'Không nhập được' });
  await expect(report).toContainText(FULL);
  expect(await idbAll(p2, 'outbox')).toHaveLength(0);
  await p2.reload();
  await appReady(p2);
  await expect(p2.getByText('Chưa có hồ sơ nào trong hộp thư đi.')).toBeVisible();

  await quota.lift();
  await p2.getByLabel('Nhập hồ sơ từ tệp').setInputFiles(saved!);
  await expect(p2.getByRole('status').filter({ hasText: 'Đã nhập' })).toBeVisible();
  expect(await idbAll(p2, 'outbox')).toHaveLength(1);
  await other.close();
});

test('a catalog update that does not fit keeps the saved catalog and says so', async ({ page, portal }) => {
  await page.goto('/');
  await appReady(page);
  await expect.poll(() => savedCatalogVersion(page)).not.toBeNull();
  const before = await savedCatalogVersion(page);

  await page.route('**/api/catalog', async (route) => {
    const res = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
    const cat = await res.json();
    cat.version = '2099.1.1';
    const body = JSON.stringify(cat);
    const signature = signAsPortal(portal, res.headers()['tokhai-signature'], body);
    await route.fulfill({ status: 200, headers: { 'content-type': 'application/json', etag: '"updated"', 'tokhai-signature': signature }, body });
  });
  const quota = await quotaFor(page);
  await quota.fill(0);
  await page.reload();
  await appReady(page);
  await expect(page.getByText('Chưa lưu được danh mục thủ tục mới trên máy')).toBeVisible();
  expect(await savedCatalogVersion(page)).toBe(before);

  await quota.lift();
  await page.reload();
  await appReady(page);
  await expect.poll(() => savedCatalogVersion(page)).toBe('2099.1.1');
});

test('a draft saved as a file opens again on another device, with its attachment', async ({ page, browser, portal }) => {
  await page.goto('/');
  await appReady(page);
  await fillCopyCertification(page, 'Tạ Thị Lan');
  await navTo(page, 'Hồ sơ đang khai');
  const item = page.getByRole('list', { name: 'Hồ sơ đang khai' }).getByRole('listitem').filter({ hasText: 'Tạ Thị Lan' });
  const download = page.waitForEvent('download');
  await item.getByRole('button', { name: 'Lưu thành tệp' }).click();
  const saved = await (await download).path();

  const other = await browser.newContext({ baseURL: portal.url });
  const p2 = await other.newPage();
  await p2.goto('/ho-so');
  await appReady(p2);
  await p2.getByLabel('Mở hồ sơ từ tệp').setInputFiles(saved!);
  await expect(p2).toHaveURL(/\/ho-so\/[0-9a-f-]{36}/);
  await appReady(p2);
  await expect(p2.getByLabel('Bản chính có mấy trang?')).toHaveValue('1');
  expect((await idbAll(p2, 'attachments')).map((a) => a.name)).toEqual(['ban-chinh.pdf']);
  // A file that is not a draft is refused plainly.
  await p2.goto('/ho-so');
  await appReady(p2);
  await p2.getByLabel('Mở hồ sơ từ tệp').setInputFiles({ name: 'x.tokhai-nhap', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
  await expect(p2.getByRole('alert')).toContainText('Không mở được “x.tokhai-nhap”');
  await other.close();
});
