// An outreach team's day: dossiers filed with no network, the team dashboard,
// every pending dossier carried to the office in one file, and delivered
// copies wiped from the tablet after the retention (receipts kept).
import { readFileSync } from 'node:fs';
import { test, expect, appReady } from '../support/fixtures';
import { deliveryHeld, holdDelivery, sweptAtLeast } from '../support/delivery';
import { file, fillCopyCertification, idbAll } from '../support/filing';
import { nextCitizen, OPERATOR, setUpOperatorDevice } from '../support/operator';
import { navTo } from '../support/nav';

const DAY = 24 * 60 * 60 * 1000;

/** Starts a citizen's session from the form's gate and fills and files 2.000815. */
async function fileFor(page: import('@playwright/test').Page, name: string, pin: string): Promise<string> {
  await page.goto('/thu-tuc/2.000815/to-khai');
  await appReady(page);
  await page.getByLabel('Mã PIN (4–6 chữ số)').fill(pin);
  await page.getByLabel('Nhập lại mã PIN').fill(pin);
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await fillCopyCertification(page, name, true);
  await page.getByLabel(new RegExp(`Tôi, ${name}, đã đề nghị`)).check();
  return file(page);
}

/** The cells of a dashboard table's row, by the row's header (a locator: the
 * dashboard counts after it is shown, so assertions wait for the figures). */
function row(page: import('@playwright/test').Page, table: string, who: string) {
  const t = page.getByRole('table', { name: table });
  return t.getByRole('row', { name: new RegExp(`^${who}`) }).getByRole('cell');
}

test("a day offline: the dashboard counts it, one file carries it to the office, copies are wiped after the retention", async ({ page, browser, portal, axe }) => {
  test.setTimeout(240_000);
  // No network in the village: the tablet's outbox holds everything it files
  // (the test decides when it is back in range, below).
  await holdDelivery(page);
  await setUpOperatorDevice(page);
  await deliveryHeld(page);

  const ids = [await fileFor(page, 'Lý Văn Tám', '7391')];
  await nextCitizen(page, true);
  ids.push(await fileFor(page, 'Hà Thị Lan', '5820'));
  await nextCitizen(page, true);
  // A third citizen's form is left half-filled (a draft, locked after next citizen).
  await page.goto('/thu-tuc/2.000815/to-khai');
  await appReady(page);
  await page.getByLabel('Mã PIN (4–6 chữ số)').fill('4096');
  await page.getByLabel('Nhập lại mã PIN').fill('4096');
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await expect(page).toHaveURL(/\/ho-so\//, { timeout: 20_000 });
  await page.getByLabel('Cần bao nhiêu bản sao?').fill('3');
  await expect(page.getByRole('status').filter({ hasText: /Đã lưu lúc/ })).toBeVisible();
  await nextCitizen(page, true);

  // The dashboard: per operator, today and all time; columns are
  // drafts, filed, queued, sent, accepted, refused.
  await navTo(page, 'Bảng điều khiển');
  await expect(page.getByRole('heading', { level: 1, name: 'Bảng điều khiển của tổ' })).toBeVisible();
  const today = /^Hôm nay/;
  await expect(row(page, 'Hôm nay', OPERATOR)).toHaveText(['1', '2', '2', '0', '0', '0']);
  await expect(row(page, 'Từ trước đến nay', OPERATOR)).toHaveText(['1', '2', '2', '0', '0', '0']);
  await expect(row(page, 'Từ trước đến nay', 'Cộng')).toHaveText(['1', '2', '2', '0', '0', '0']);
  await expect(page.getByRole('table', { name: today })).toBeVisible();
  await expect(page.getByText('Lần gửi thành công gần nhất')).toBeVisible();
  await expect(page.getByText('Chưa lần nào')).toBeVisible();
  await expect(page.getByText('Bộ nhớ đang dùng')).toBeVisible();
  await axe();

  // Export every pending dossier to one file.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất tất cả hồ sơ chờ gửi' }).click();
  const saved = (await (await download).path())!;
  await expect(page.getByRole('status').filter({ hasText: /Đã lưu 2 hồ sơ chờ gửi vào tệp “ho-so-cho-gui-\d{8}-\d{4}-2\.tokhai”/ })).toBeVisible();
  const batch = readFileSync(saved);
  expect(batch.subarray(30, 70).toString()).toBe('mimetypeapplication/vnd.tokhai.batch+zip');
  for (const id of ids) expect(batch.includes(Buffer.from(`bundles/${id}.tokhai`))).toBe(true);

  // The office computer imports the file and delivers both.
  const office = await browser.newContext({ baseURL: portal.url });
  const desk = await office.newPage();
  await desk.goto('/hop-thu-di');
  await appReady(desk);
  await desk.getByLabel('Nhập hồ sơ từ tệp').setInputFiles(saved);
  await expect(desk.getByRole('status').filter({ hasText: 'đã nhập 2 hồ sơ vào hộp thư đi' })).toBeVisible();
  const items = desk.getByRole('list', { name: 'Hộp thư đi' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: 'Đã được tiếp nhận' })).toHaveCount(2, { timeout: 60_000 });
  // The consent and operator travelled inside each signed bundle.
  const cases: string[] = [];
  for (const id of ids) {
    const s = await (await fetch(`${portal.url}/api/bundles/${id}`)).json();
    expect(s.operator.name).toBe(OPERATOR);
    cases.push(s.caseNumber);
  }
  // Importing the same file again adds nothing.
  await desk.getByLabel('Nhập hồ sơ từ tệp').setInputFiles(saved);
  await expect(desk.getByRole('status').filter({ hasText: '2 hồ sơ đã có sẵn' })).toBeVisible();
  await expect(items).toHaveCount(2);
  await office.close();

  // Back in range, the tablet delivers its copies too: the same cases, not new ones.
  await page.goto('/hop-thu-di');
  await appReady(page);
  const mine = page.getByRole('list', { name: 'Hộp thư đi' }).getByRole('listitem');
  await expect(mine.filter({ hasText: 'Chờ gửi' })).toHaveCount(2);
  await page.getByRole('button', { name: 'Gửi lại ngay' }).click();
  await expect(mine.filter({ hasText: 'Đã được tiếp nhận' })).toHaveCount(2, { timeout: 60_000 });
  for (const [n, id] of ids.entries()) {
    expect((await (await fetch(`${portal.url}/api/bundles/${id}`)).json()).caseNumber).toBe(cases[n]);
  }
  await page.goto('/bang-dieu-khien');
  await appReady(page);
  await expect(row(page, 'Hôm nay', OPERATOR)).toHaveText(['1', '2', '0', '2', '2', '0']);
  await expect(page.getByText('Chưa lần nào')).toHaveCount(0);

  // Six days later the copies are still there; eight days later they are wiped, receipts kept.
  const stored = async () => (await idbAll(page, 'outbox', true)).map((r) => r.hasBundle);
  expect(await stored()).toEqual([true, true]);
  await page.clock.setFixedTime(Date.now() + 6 * DAY);
  await page.goto('/hop-thu-di');
  await appReady(page);
  // The sweep that runs at start has looked at them, and kept them.
  await sweptAtLeast(page);
  await expect(mine.filter({ hasText: 'Đã được tiếp nhận' })).toHaveCount(2);
  expect(await stored()).toEqual([true, true]);
  await page.clock.setFixedTime(Date.now() + 8 * DAY);
  await page.goto('/hop-thu-di');
  await appReady(page);
  await expect(mine.filter({ hasText: 'Bản sao trên máy đã được xoá' })).toHaveCount(2);
  expect(await stored()).toEqual([false, false]);
  const receipts = (await idbAll(page, 'outbox')).map((r) => JSON.parse(r.entry).state.receipt.caseNumber).sort();
  expect(receipts).toEqual([...cases].sort());
});
