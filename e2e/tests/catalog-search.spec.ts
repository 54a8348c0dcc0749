// The catalog page: search as you type (diacritics and case folded), search by
// code, filters by field and online level, the empty state, offline search from
// IndexedDB, and a phone-sized layout.
import { test, expect, appReady } from '../support/fixtures';
import { catalogSaved } from '../support/filing';
import type { Page } from '@playwright/test';

const list = (page: Page) => page.getByRole('list', { name: 'Thủ tục hành chính' });
const results = (page: Page) => list(page).getByRole('link');
const search = (page: Page) => page.getByLabel('Tìm thủ tục');
/** The live result count ("3 thủ tục", "Không tìm thấy thủ tục nào."). */
const resultCount = (page: Page) =>
  page.getByRole('status').filter({ hasText: /^(\d[\d.]* thủ tục|Không tìm thấy thủ tục nào\.)$/ });

async function open(page: Page, url = '/') {
  await page.goto(url);
  await appReady(page);
  await expect(resultCount(page)).toHaveText('9 thủ tục');
}

test('folding: with or without diacritics, any case, Đăng ký khai sinh comes first', async ({ page }) => {
  await open(page, '/?bench'); // ?bench: the search is measured for the benchmark
  for (const q of ['dang ky khai sinh', 'khai sinh', 'Khai Sinh', 'ĐĂNG KÝ KHAI SINH', 'giay khai sinh']) {
    await search(page).fill(q);
    await expect(results(page).first(), q).toHaveAccessibleName('Đăng ký khai sinh');
  }
  // Typed key by key, as on a phone: every keystroke updates the list.
  await search(page).fill('');
  await expect(resultCount(page)).toHaveText('9 thủ tục');
  await search(page).pressSequentially('dang ky kh');
  await expect(results(page)).toHaveText(['Đăng ký khai tử', 'Đăng ký khai sinh', 'Đăng ký thường trú']);
  await search(page).pressSequentially('ai s');
  await expect(results(page).first()).toHaveAccessibleName('Đăng ký khai sinh');
  // Each keystroke was measured for the benchmark (only with ?bench).
  const measures = await page.evaluate(() => performance.getEntriesByName('tokhai:search', 'measure').length);
  expect(measures).toBeGreaterThanOrEqual('dang ky khai s'.length);
});

test('search by national code, and by an English name', async ({ page }) => {
  await open(page);
  await search(page).fill('1.001193');
  await expect(resultCount(page)).toHaveText('1 thủ tục');
  await expect(results(page)).toHaveText(['Đăng ký khai sinh']);

  await search(page).fill('criminal record');
  await expect(results(page).first()).toHaveAccessibleName(/^Cấp Phiếu lý lịch tư pháp/);

  await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
  const en = page.getByLabel('Find a procedure');
  const enResults = page.getByRole('list', { name: 'Administrative procedures' }).getByRole('link');
  await expect(en).toHaveValue('criminal record');
  await expect(enResults.first()).toHaveAccessibleName(/^Criminal record certificate/);
  await en.fill('birth');
  await expect(enResults.first()).toHaveAccessibleName('Birth registration');
  await en.fill('khai sinh');
  await expect(enResults.first()).toHaveAccessibleName('Birth registration');
  await expect(page.getByRole('status').filter({ hasText: /^1 procedure$/ })).toBeVisible();
});

test('filters by field and online level combine with each other and with search', async ({ page }) => {
  await open(page);
  const field = page.getByLabel('Lĩnh vực');
  await expect(field.getByRole('option', { name: 'Hộ tịch (3)' })).toHaveCount(1);
  await field.selectOption({ label: 'Hộ tịch (3)' });
  await expect(resultCount(page)).toHaveText('3 thủ tục');
  await expect(results(page)).toHaveText(['Đăng ký khai tử', 'Đăng ký kết hôn', 'Đăng ký khai sinh']);

  await page.getByRole('radio', { name: 'Một phần' }).check();
  await expect(results(page)).toHaveText(['Đăng ký kết hôn']);

  await page.getByRole('radio', { name: 'Toàn trình' }).check();
  await expect(results(page)).toHaveText(['Đăng ký khai tử', 'Đăng ký khai sinh']);
  await search(page).fill('khai sinh');
  await expect(results(page)).toHaveText(['Đăng ký khai sinh']);

  await search(page).fill('');
  await field.selectOption({ label: 'Tất cả lĩnh vực (9)' });
  await expect(resultCount(page)).toHaveText('6 thủ tục');
  await page.getByRole('radio', { name: 'Tất cả' }).check();
  await expect(resultCount(page)).toHaveText('9 thủ tục');
});

test('nothing found: a plain message and one button to start again', async ({ page, axe }) => {
  await open(page);
  await page.getByRole('radio', { name: 'Một phần' }).check();
  await search(page).fill('khai sinh xyz');
  await expect(resultCount(page)).toHaveText('Không tìm thấy thủ tục nào.');
  await expect(page.getByText('Không tìm thấy thủ tục nào khớp với “khai sinh xyz”.')).toBeVisible();
  await expect(list(page)).toBeHidden();
  await axe();

  await page.getByRole('button', { name: 'Xoá tìm kiếm và bộ lọc' }).click();
  await expect(resultCount(page)).toHaveText('9 thủ tục');
  await expect(search(page)).toHaveValue('');
  await expect(search(page)).toBeFocused();
  await expect(page.getByRole('radio', { name: 'Tất cả' })).toBeChecked();
});

test('the clear button empties the search box', async ({ page }) => {
  await open(page);
  const clear = page.getByRole('button', { name: 'Xoá chữ đã gõ' });
  await expect(clear).toBeHidden();
  await search(page).fill('ket hon');
  await expect(results(page)).toHaveText(['Đăng ký kết hôn']);
  await clear.click();
  await expect(search(page)).toHaveValue('');
  await expect(resultCount(page)).toHaveText('9 thủ tục');
});

test('a result opens its procedure, and the search is still there on the way back', async ({ page }) => {
  await open(page);
  await search(page).fill('khai sinh');
  await results(page).first().click();
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001193$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Đăng ký khai sinh' })).toBeVisible();
  await page.goBack();
  await expect(search(page)).toHaveValue('khai sinh');
  await expect(results(page)).toHaveText(['Đăng ký khai sinh']);
});

test('search works offline, from the catalog saved on the device', async ({ page }) => {
  await open(page);
  await catalogSaved(page);
  await page.route('**/api/catalog', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('status').filter({ hasText: 'danh mục thủ tục đã lưu' })).toBeVisible();
  await search(page).fill('DANG KY KHAI SINH');
  await expect(results(page).first()).toHaveAccessibleName('Đăng ký khai sinh');
  await search(page).fill('1.000894');
  await expect(results(page)).toHaveText(['Đăng ký kết hôn']);
});

test('with a search and a filter active, the page passes axe', async ({ page, axe }) => {
  await open(page);
  await page.getByLabel('Lĩnh vực').selectOption({ label: 'Hộ tịch (3)' });
  await search(page).fill('dang ky');
  await expect(resultCount(page)).toHaveText('3 thủ tục');
  await axe();
});

test('on a 360px phone: nothing overflows and the controls are easy to touch', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page);
  const controls = [
    search(page),
    page.getByLabel('Lĩnh vực'),
    page.locator('label.segment').filter({ hasText: 'Tất cả' }),
    page.locator('label.segment').filter({ hasText: 'Toàn trình' }),
    page.locator('label.segment').filter({ hasText: 'Một phần' }),
    list(page).getByRole('listitem').first(),
  ];
  for (const control of controls) {
    const box = await control.boundingBox();
    expect(box, String(control)).not.toBeNull();
    expect(box!.height, String(control)).toBeGreaterThanOrEqual(48);
  }
  // The whole card is the link, not only the name.
  const card = list(page).getByRole('listitem').first();
  const cardBox = (await card.boundingBox())!;
  await card.click({ position: { x: cardBox.width - 10, y: cardBox.height - 10 } });
  await expect(page).toHaveURL(/\/thu-tuc\//);
  await page.goBack();
  await appReady(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(search(page)).toHaveAttribute('type', 'search');
  await expect(search(page)).toHaveAttribute('enterkeyhint', 'search');
});
