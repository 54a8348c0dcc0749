// Setting a device up for assisted filing, and sessions for citizens.
import { expect, type Page } from '@playwright/test';
import { appReady } from './fixtures';

export const OPERATOR = 'Trần Thị Bình';

export async function setUpOperatorDevice(page: Page) {
  await page.goto('/cai-dat');
  await appReady(page);
  // Folded away until a device is set up as shared.
  await page.getByText('Máy dùng chung để khai hộ công dân').click();
  await page.getByLabel('Họ và tên người khai hộ').fill(OPERATOR);
  await page.getByRole('radio', { name: /tình nguyện viên/i }).check();
  await page.getByLabel('Điểm hỗ trợ hoặc tổ công tác').fill('Điểm hỗ trợ dịch vụ công phường Ba Đình');
  await page.getByLabel('Tỉnh, thành phố làm việc').selectOption({ label: 'Thành phố Hà Nội' });
  await page.getByLabel('Xã, phường làm việc').selectOption({ label: 'Phường Ba Đình' });
  await page.getByRole('button', { name: 'Lưu và bật chế độ khai hộ' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu cài đặt máy dùng chung.' })).toBeVisible();
}

/** Starts a citizen's session with `pin` (from the session bar) and returns to `next`. */
export async function startSession(page: Page, pin: string) {
  await page.getByRole('region', { name: 'Phiên làm việc' }).getByRole('link', { name: 'Bắt đầu cho công dân mới' }).click();
  await page.getByLabel('Mã PIN (4–6 chữ số)').fill(pin);
  await page.getByLabel('Nhập lại mã PIN').fill(pin);
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await expect(page.getByRole('region', { name: 'Phiên làm việc' })).toContainText('Đang phục vụ một công dân', { timeout: 20_000 });
}

/** "Công dân tiếp theo", keeping (locked) or discarding the drafts. */
export async function nextCitizen(page: Page, keep = true) {
  await page.getByRole('region', { name: 'Phiên làm việc' }).getByRole('link', { name: 'Công dân tiếp theo' }).click();
  await page.getByLabel(keep ? /Giữ lại hồ sơ chưa nộp/ : /Huỷ toàn bộ hồ sơ/).check();
  await page.getByRole('button', { name: 'Kết thúc phiên' }).click();
  await expect(page.getByRole('region', { name: 'Phiên làm việc' })).toContainText('Máy sẵn sàng cho công dân tiếp theo');
  await appReady(page);
}

/** Every string in every IndexedDB store of the app, Blobs and byte arrays read as text. */
export async function everyStoredText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((ok, fail) => {
      const r = indexedDB.open('tokhai');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const parts: string[] = [];
    const visit = async (v: unknown): Promise<void> => {
      if (v == null) return;
      if (typeof v === 'string') parts.push(v);
      else if (typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
      else if (v instanceof Blob) parts.push(await v.text());
      else if (v instanceof ArrayBuffer) parts.push(new TextDecoder().decode(v));
      else if (ArrayBuffer.isView(v)) parts.push(new TextDecoder().decode(v as Uint8Array));
      else if (Array.isArray(v)) for (const x of v) await visit(x);
      else if (typeof v === 'object') for (const [k, x] of Object.entries(v as object)) { parts.push(k); await visit(x); }
    };
    for (const name of Array.from(db.objectStoreNames)) {
      const [values, keys] = await new Promise<[unknown[], IDBValidKey[]]>((ok) => {
        const tx = db.transaction(name);
        const a = tx.objectStore(name).getAll();
        const b = tx.objectStore(name).getAllKeys();
        tx.oncomplete = () => ok([a.result, b.result]);
      });
      await visit(values);
      await visit(keys);
    }
    db.close();
    return parts.join('\n');
  });
}
