import { test, expect, appReady } from '../support/fixtures';
import { makePhoto, withExifOrientation } from '../support/photo';
import { pdf } from '../support/form';
import { signAsPortal } from '../support/portal';
import { idbAll, savedCatalogVersion } from '../support/filing';
import { navTo } from '../support/nav';

const SAVED = /Đã lưu lúc \d\d:\d\d/;

async function startDraft(page: import('@playwright/test').Page, code: string) {
  await page.goto(`/thu-tuc/${code}/to-khai`);
  await appReady(page);
  await expect(page).toHaveURL(/\/ho-so\/[0-9a-f-]{36}\?buoc=1$/);
}

test('a draft saves as you type and survives a reload', async ({ page }) => {
  await startDraft(page, '1.001193');
  const url = page.url();
  await page.getByLabel('Họ và tên của bé').fill('Nguyễn Minh Khang');
  await page.getByRole('radio', { name: 'Nam' }).check();
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  await page.reload();
  await appReady(page);
  expect(page.url()).toBe(url);
  await expect(page.getByLabel('Họ và tên của bé')).toHaveValue('Nguyễn Minh Khang');
  await expect(page.getByRole('radio', { name: 'Nam' })).toBeChecked();
});

test('drafts list: several per procedure, resume, duplicate, delete with undo', async ({ page, axe }) => {
  await startDraft(page, '1.001193');
  await page.getByLabel('Họ và tên của bé').fill('Lê Thị Mai');
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếp tục' }).click(); // stays: errors, but the step is remembered only on moving
  await startDraft(page, '1.001193');
  await page.getByLabel('Họ và tên của bé').fill('Trần Văn Nam');
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();

  await navTo(page, 'Hồ sơ đang khai');
  const list = page.getByRole('list', { name: 'Hồ sơ đang khai' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  const mai = list.getByRole('listitem').filter({ hasText: 'Lê Thị Mai' });
  await expect(mai).toContainText('Đăng ký khai sinh');
  await expect(mai).toContainText(/\d+ %/);
  await axe();

  // Resume where it was.
  await mai.getByRole('link', { name: 'Khai tiếp' }).click();
  await expect(page.getByLabel('Họ và tên của bé')).toHaveValue('Lê Thị Mai');
  await page.goBack();

  // Duplicate: a third draft with the same answers.
  await list.getByRole('listitem').filter({ hasText: 'Trần Văn Nam' }).getByRole('button', { name: 'Nhân bản' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã tạo bản sao' })).toBeVisible();
  await expect(list.getByRole('listitem').filter({ hasText: 'Trần Văn Nam' })).toHaveCount(2);

  // Delete asks first; "Không xoá" keeps it.
  const first = list.getByRole('listitem').filter({ hasText: 'Trần Văn Nam' }).first();
  await first.getByRole('button', { name: 'Xoá' }).click();
  await first.getByRole('button', { name: 'Không xoá' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await first.getByRole('button', { name: 'Xoá' }).click();
  await axe();
  await first.getByRole('button', { name: 'Xoá hồ sơ' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  // …and can be undone.
  await page.getByRole('button', { name: 'Hoàn tác' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(3);
  // A deletion stands across a reload.
  await list.getByRole('listitem').filter({ hasText: 'Lê Thị Mai' }).getByRole('button', { name: 'Xoá' }).click();
  await page.getByRole('button', { name: 'Xoá hồ sơ' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('list', { name: 'Hồ sơ đang khai' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByText('Lê Thị Mai')).toHaveCount(0);
});

test('a 12 MP photo is downscaled, previewed and kept with its draft', async ({ page }) => {
  await startDraft(page, '1.001193');
  const photo = await makePhoto(page);
  expect(photo.length).toBeGreaterThan(500_000);
  const slot = page.getByRole('region', { name: 'Giấy chứng sinh' });
  await slot.getByLabel('Chọn tệp có sẵn').setInputFiles({ name: 'IMG_20261118.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(slot.getByText('IMG_20261118.jpg', { exact: true })).toBeVisible();
  await expect(slot.getByText('2000×1500')).toBeVisible();
  const preview = slot.getByRole('img', { name: /IMG_20261118\.jpg/ });
  await expect(preview).toBeVisible();
  expect(await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([2000, 1500]);

  await page.reload();
  await appReady(page);
  const again = page.getByRole('region', { name: 'Giấy chứng sinh' });
  await expect(again.getByText('IMG_20261118.jpg', { exact: true })).toBeVisible();
  await expect(again.getByRole('img', { name: /IMG_20261118\.jpg/ })).toBeVisible();

  // Too big for the slot, or the wrong kind: a clear message, nothing stored.
  await again.getByLabel('Chọn tệp có sẵn').setInputFiles({ name: 'nhac.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('ID3') });
  await expect(again.getByRole('alert')).toContainText('nhac.mp3: Loại tệp này không được nhận');
  const big = pdf('ban-scan-600dpi.pdf');
  await again.getByLabel('Chọn tệp có sẵn').setInputFiles({ ...big, buffer: Buffer.concat([big.buffer, Buffer.alloc(6 * 1024 * 1024, 0x20)]) });
  await expect(again.getByRole('alert')).toContainText(/ban-scan-600dpi\.pdf: Tệp quá lớn \(.+\)\. Tối đa 5 MB mỗi tệp/);
  await expect(again.getByText('ban-scan-600dpi.pdf', { exact: true })).toHaveCount(0);
  await again.getByRole('button', { name: 'Xoá IMG_20261118.jpg' }).click();
  await expect(again.getByText('IMG_20261118.jpg', { exact: true })).toHaveCount(0);
  await expect.poll(async () => (await idbAll(page, 'attachments')).length).toBe(0);
});

test('a photo taken with the phone turned is stored the right way up', async ({ page }) => {
  await startDraft(page, '1.001193');
  // The sensor's 4000×3000 picture, with EXIF saying "turn it a quarter to the right".
  const photo = withExifOrientation(await makePhoto(page), 6);
  const slot = page.getByRole('region', { name: 'Giấy chứng sinh' });
  await slot.getByLabel('Chọn tệp có sẵn').setInputFiles({ name: 'IMG_doc.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(slot.getByText('1500×2000')).toBeVisible();
  const preview = slot.getByRole('img', { name: /IMG_doc\.jpg/ });
  expect(await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([1500, 2000]);
});

test('after a catalog update, answers that no longer fit are set aside, not lost', async ({ page, portal }) => {
  await startDraft(page, '1.001193');
  await page.getByLabel('Họ và tên của bé').fill('Phạm Gia Bảo');
  await page.getByLabel('Nơi sinh').fill('Bệnh viện Đa khoa tỉnh Ninh Bình');
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();

  // The portal now serves a new version of the procedure: the birth place is limited to 10 characters.
  await page.route('**/api/catalog', async (route) => {
    const res = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
    const cat = await res.json();
    const p = cat.procedures.find((x: { code: string }) => x.code === '1.001193');
    p.schemaVersion = '1.1.0';
    p.schema.properties.nguoiDuocKhaiSinh.properties.noiSinh.maxLength = 10;
    cat.version = '2026.12.1';
    const body = JSON.stringify(cat);
    const signature = signAsPortal(portal, res.headers()['tokhai-signature'], body);
    await route.fulfill({
      status: 200,
      headers: { 'content-type': 'application/json', etag: '"updated"', 'tokhai-signature': signature },
      body,
    });
  });
  // The first reload picks up the new catalog (saved on the device); the next opens the draft with it.
  await page.reload();
  await appReady(page);
  await expect.poll(() => savedCatalogVersion(page)).toBe('2026.12.1');
  await page.reload();
  await appReady(page);
  const notice = page.getByRole('region', { name: 'Tôi đã khai lại xong' });
  await expect(notice).toContainText('Nơi sinh');
  await expect(notice).toContainText('Bệnh viện Đa khoa tỉnh Ninh Bình');
  await expect(page.getByLabel('Họ và tên của bé')).toHaveValue('Phạm Gia Bảo');
  await expect(page.getByLabel('Nơi sinh')).toHaveValue('');
  await notice.getByRole('button', { name: 'Tôi đã khai lại xong' }).click();
  await expect(notice).toHaveCount(0);
});
