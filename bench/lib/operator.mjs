// A shared (operator) device for the team suite: turning assisted filing on,
// a citizen's PIN session started and ended through the interface, and many
// plain drafts written straight into the app's IndexedDB in the format of
// src/storage/drafts.rs. Independent of e2e/support, like the rest of bench/.
import { randomUUID } from 'node:crypto';
import { DB_NAME } from './app.mjs';
import { waitForMark, READY_MARK } from './page.mjs';

/** The operator the device is set up for. */
export const OPERATOR = 'Trần Thị Bình';

/**
 * /cai-dat → "Máy dùng chung để khai hộ công dân": name, role (volunteer),
 * station, province and ward of work (Hà Nội, Ba Đình), then "Lưu và bật chế
 * độ khai hộ"; waits for the confirmation.
 */
export async function setUpOperatorDevice(page, base, timeoutMs = 60_000) {
  await page.goto(`${base}/cai-dat`, { waitUntil: 'commit', timeout: timeoutMs });
  await waitForMark(page, READY_MARK, timeoutMs);
  // Folded away until a device is set up as shared.
  await page.getByText('Máy dùng chung để khai hộ công dân').click();
  await page.getByLabel('Họ và tên người khai hộ').fill(OPERATOR);
  await page.getByRole('radio', { name: /tình nguyện viên/i }).check();
  await page.getByLabel('Điểm hỗ trợ hoặc tổ công tác').fill('Điểm hỗ trợ dịch vụ công phường Ba Đình');
  await page.getByLabel('Tỉnh, thành phố làm việc').selectOption({ label: 'Thành phố Hà Nội' });
  await page.getByLabel('Xã, phường làm việc').selectOption({ label: 'Phường Ba Đình' });
  await page.getByRole('button', { name: 'Lưu và bật chế độ khai hộ' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã lưu cài đặt máy dùng chung.' }).waitFor({ timeout: timeoutMs });
}

/**
 * On an operator device: opens a new draft of `code`, which first asks for
 * the citizen's session (PIN twice, "Bắt đầu"), and waits for the draft's
 * page. Returns the draft id.
 */
export async function startSessionDraft(page, base, code, pin, timeoutMs = 60_000) {
  await page.goto(`${base}/thu-tuc/${code}/to-khai`, { waitUntil: 'commit', timeout: timeoutMs });
  await page.getByLabel('Mã PIN (4–6 chữ số)').fill(pin, { timeout: timeoutMs });
  await page.getByLabel('Nhập lại mã PIN').fill(pin);
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}/, { timeout: timeoutMs });
  await page.locator('form.form').first().waitFor({ state: 'attached', timeout: timeoutMs });
  return /\/ho-so\/([0-9a-f-]{36})/.exec(page.url())[1];
}

/**
 * "Công dân tiếp theo" from the session bar, keeping the citizen's unfiled
 * drafts locked under their PIN; the app then reloads on `/?phien=da-dong`.
 */
export async function nextCitizen(page, timeoutMs = 60_000) {
  await page.getByRole('region', { name: 'Phiên làm việc' }).getByRole('link', { name: 'Công dân tiếp theo' }).click();
  await page.getByLabel(/Giữ lại hồ sơ chưa nộp/).check();
  await page.getByRole('button', { name: 'Kết thúc phiên' }).click();
  await page.waitForURL(/phien=da-dong/, { timeout: timeoutMs });
  await page.getByRole('region', { name: 'Phiên làm việc' }).getByText('Máy sẵn sàng cho công dân tiếp theo').waitFor({ timeout: timeoutMs });
  await waitForMark(page, READY_MARK, timeoutMs);
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Thu', 'Hoài', 'Gia', 'Xuân'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến'];
const KINDS = [
  { loai: 'can-cuoc' },
  { loai: 'giay-khai-sinh', soKyHieu: '123/2015', coQuanCap: 'UBND phường Ba Đình' },
  { loai: 'van-bang', soKyHieu: 'QH-2019-1234', coQuanCap: 'Trường Đại học Cần Thơ', ngayCap: '2019-07-15' },
  { loai: 'hoc-ba' },
  { loai: 'giay-chung-nhan-dat', soKyHieu: 'CS 04512', coQuanCap: 'Sở Tài nguyên và Môi trường Hà Nội' },
  { loai: 'giay-dang-ky-xe', soKyHieu: '29A-123.45' },
  { loai: 'khac', tenKhac: 'Giấy xác nhận hộ nghèo' },
];

/**
 * `count` plain drafts of Chứng thực bản sao (`code`, 2.000815-shaped data) as
 * the app stores a draft made outside any session: `{ id, procedure,
 * updatedAt, body }`, `body` the JSON of `tokhai_core::draft::Draft`
 * (camelCase). Deterministic apart from the ids: every 3rd draft stops after
 * the first step (no applicant yet), the others have the applicant too; the
 * last change is spread over the last `days` days, newest first, a few today.
 */
export function copyCertificationDrafts({ count, code, catalogVersion, schemaVersion, now = Date.now(), days = 14 }) {
  const drafts = [];
  for (let i = 0; i < count; i++) {
    const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i * 7) % MIDDLE.length]} ${GIVEN[(i * 5) % GIVEN.length]}`;
    const kind = KINDS[i % KINDS.length];
    const giayTo = { ...kind, soTrang: 1 + (i % 4), soBan: 1 + (i % 5) };
    const complete = i % 3 !== 0;
    const data = complete
      ? { giayTo, nguoiYeuCau: { hoTen: name, soDinhDanh: `0011${String(85000000 + i * 37).padStart(8, '0')}`, dienThoai: `09${String(12345678 + i * 11).padStart(8, '0')}` } }
      : { giayTo };
    const updatedAt = now - Math.round((i / count) * days * 86_400_000) - 60_000;
    const createdAt = updatedAt - 20 * 60_000;
    const draft = {
      id: randomUUID(),
      procedure: code,
      catalogVersion,
      schemaVersion,
      data,
      filing: complete ? { province: '01', ward: '00004', delivery: 'pickup' } : {},
      step: complete ? 1 : 0,
      createdAt,
      updatedAt,
      summary: { ...(complete ? { citizen: name } : {}), percent: complete ? 86 : 43, attachments: 0, started: true },
    };
    drafts.push({ id: draft.id, procedure: code, updatedAt, body: JSON.stringify(draft) });
  }
  return drafts;
}

/** Writes draft records (see copyCertificationDrafts) into the app's IndexedDB in one transaction. */
export function putDrafts(page, records) {
  return page.evaluate(
    ({ db, records }) =>
      new Promise((ok, fail) => {
        const open = indexedDB.open(db);
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('drafts', 'readwrite');
          const store = tx.objectStore('drafts');
          for (const r of records) store.put(r);
          tx.oncomplete = () => {
            open.result.close();
            ok(records.length);
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    { db: DB_NAME, records },
  );
}
