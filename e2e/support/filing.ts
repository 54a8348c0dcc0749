// Filling and filing a small real procedure (Chứng thực bản sao, 2.000815).
import { expect, type Page } from '@playwright/test';
import { appReady } from './fixtures';
import { pdf } from './form';

export const CASE_NUMBER = /^\d{2}\.\d{5}-\d{6}-\d{4}$/;

/** Fills 2.000815 completely (a new draft, unless `opened`: already on one)
 * and stops on the review step. `original`: the scan of the original. */
export async function fillCopyCertification(page: Page, name = 'Bùi Thị Ngọc', opened = false, original = pdf('ban-chinh.pdf')) {
  if (!opened) {
    await page.goto('/thu-tuc/2.000815/to-khai');
    await appReady(page);
  }
  await expect(page).toHaveURL(/\/ho-so\//);
  await page.getByLabel('Đây là giấy tờ gì?').selectOption({ label: 'Giấy khai sinh' });
  await page.getByLabel('Bản chính có mấy trang?').fill('1');
  await page.getByLabel('Cần bao nhiêu bản sao?').fill('2');
  const slot = page.getByRole('region', { name: 'Ảnh chụp hoặc bản quét bản chính' });
  await slot.getByLabel('Chọn tệp có sẵn').setInputFiles(original);
  await expect(slot.getByText(original.name, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel(/Số căn cước/).fill('092197003456');
  await page.getByLabel('Số điện thoại').fill('0939456789');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kiểm tra và nộp hồ sơ' })).toBeVisible();
  await page.getByLabel('Tỉnh, thành phố nhận hồ sơ').selectOption({ label: 'Thành phố Hà Nội' });
  await page.getByLabel('Xã, phường nhận hồ sơ').selectOption({ label: 'Phường Ba Đình' });
  const before = await lastDraftChange(page);
  await page.getByRole('radio', { name: /Nhận trực tiếp/ }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Hồ sơ đã đủ thông tin để nộp.' })).toBeVisible();
  // The filing choices are saved with the draft before anyone leaves the page
  // (drafts may be encrypted: watch the record's change time, not its body;
  // and the indicator, which says "Đã lưu" only once every change is saved —
  // on a busy machine the ward's save may land after `before` was read).
  await expect.poll(() => lastDraftChange(page)).toBeGreaterThan(before);
  await expect(page.getByRole('status').filter({ hasText: /Đã lưu lúc/ })).toBeVisible();
}

/** The latest `updatedAt` among the stored drafts. */
export async function lastDraftChange(page: Page): Promise<number> {
  return Math.max(0, ...(await idbAll(page, 'drafts')).map((r) => r.updatedAt as number));
}

/** Presses "Nộp hồ sơ" and waits for the receipt page; returns the bundle id. */
export async function file(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page).toHaveURL(/\/bien-nhan\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

/** Reads a store of the app's IndexedDB raw, from the page (Blobs left out;
 * with `blobFlags`, `hasBundle` says whether a record holds its bundle Blob). */
export async function idbAll(page: Page, store: string, blobFlags = false): Promise<any[]> {
  return page.evaluate(
    ([store, blobFlags]) =>
      new Promise<any[]>((ok, fail) => {
        const open = indexedDB.open('tokhai');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => {
            open.result.close();
            ok(
              req.result.map((r: any) => ({
                ...r,
                bundle: undefined,
                blob: undefined,
                ...(blobFlags ? { hasBundle: r.bundle instanceof Blob } : {}),
              })),
            );
          };
        };
      }),
    [store, blobFlags] as const,
  );
}

/** The version of the catalog the app saved in IndexedDB (read raw, from the page). */
export async function savedCatalogVersion(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((ok) => {
        const open = indexedDB.open('tokhai');
        open.onsuccess = () => {
          const get = open.result.transaction('catalog').objectStore('catalog').get('current');
          get.onsuccess = () => {
            open.result.close();
            ok(get.result ? JSON.parse(get.result.body).version : null);
          };
        };
      }),
  );
}

/** Waits until the catalog the app received is saved on the device (by a key
 * portal key this build trusts): what a reload without the portal falls back on. */
export async function catalogSaved(page: Page) {
  await expect.poll(() => savedCatalogVersion(page)).not.toBeNull();
}

export async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    }
  });
}
