// The whole offline promise: after one online visit, with no network at all,
// the app loads, finds a procedure, fills it, keeps a photo — and nothing is
// duplicated when the network comes back.
import { test, expect, appReady } from '../support/fixtures';
import { catalogSaved } from '../support/filing';
import { makePhoto } from '../support/photo';
import { navTo } from '../support/nav';

test('visit once, then fill and attach with no network at all', async ({ page, context }) => {
  await page.goto('/');
  await appReady(page);
  // The service worker has installed the shell and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    }
  });
  await catalogSaved(page);

  await context.setOffline(true);
  await page.reload();
  await appReady(page);
  await page.getByLabel('Tìm thủ tục').fill('khai sinh');
  await page.getByRole('link', { name: 'Đăng ký khai sinh' }).click();
  await page.getByRole('link', { name: 'Bắt đầu khai' }).first().click();
  await expect(page).toHaveURL(/\/ho-so\/[0-9a-f-]{36}/);
  await page.getByLabel('Họ và tên của bé').fill('Ngô Thảo Vy');
  await page.getByRole('radio', { name: 'Nữ' }).check();
  await page.getByLabel('Ngày sinh của bé').fill('01/11/2026');
  const photo = await makePhoto(page);
  const slot = page.getByRole('region', { name: 'Giấy chứng sinh' });
  await slot.getByLabel('Chọn tệp có sẵn').setInputFiles({ name: 'giay-chung-sinh.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(slot.getByText('2000×1500')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Đã lưu lúc/ })).toBeVisible();

  await page.reload();
  await appReady(page);
  await expect(page.getByLabel('Họ và tên của bé')).toHaveValue('Ngô Thảo Vy');
  await expect(page.getByLabel('Ngày sinh của bé')).toHaveValue('01/11/2026');
  const again = page.getByRole('region', { name: 'Giấy chứng sinh' });
  const preview = again.getByRole('img', { name: /giay-chung-sinh\.jpg/ });
  await expect(preview).toBeVisible();
  expect(await preview.evaluate((img: HTMLImageElement) => Math.max(img.naturalWidth, img.naturalHeight))).toBe(2000);

  // Back online: the same one draft, the same one file.
  await context.setOffline(false);
  await navTo(page, 'Hồ sơ đang khai');
  const list = page.getByRole('list', { name: 'Hồ sơ đang khai' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toContainText('Ngô Thảo Vy');
  const counts = await page.evaluate(
    () =>
      new Promise<number[]>((ok) => {
        const open = indexedDB.open('tokhai');
        open.onsuccess = () => {
          const tx = open.result.transaction(['drafts', 'attachments']);
          const a = tx.objectStore('drafts').count();
          const b = tx.objectStore('attachments').count();
          tx.oncomplete = () => ok([a.result, b.result]);
        };
      }),
  );
  expect(counts).toEqual([1, 1]);
});
