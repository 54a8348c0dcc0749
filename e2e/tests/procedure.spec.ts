// The procedure page: everything a citizen needs before starting, the start
// button, an unknown code, and a procedure whose catalog data is broken.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, appReady } from '../support/fixtures';
import { repoRoot } from '../support/portal';

// The portal serves the sample catalog plus one procedure with a misspelt
// member, which the app must show as broken (the other nine work as usual).
const brokenCatalog = mkdtempSync(join(tmpdir(), 'tokhai-broken-catalog-'));
cpSync(join(repoRoot, 'catalog'), brokenCatalog, { recursive: true });
const broken = JSON.parse(readFileSync(join(brokenCatalog, 'procedures/1.001193.json'), 'utf8'));
broken.code = '1.999999';
broken.name = { vi: 'Thủ tục hỏng để thử', en: 'Broken test procedure' };
broken.anyward = true;
writeFileSync(join(brokenCatalog, 'procedures/1.999999.json'), JSON.stringify(broken));
test.use({ portalOptions: { catalog: brokenCatalog } });


test('Đăng ký khai sinh: fees, time, documents, delivery and the start button', async ({ page, axe }) => {
  await page.goto('/thu-tuc/1.001193');
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Đăng ký khai sinh' })).toBeVisible();
  await expect(page).toHaveTitle('Đăng ký khai sinh — Tờ khai');
  await expect(page.getByText('Mã thủ tục: 1.001193')).toBeVisible();
  await expect(page.getByText('Dữ liệu minh hoạ')).toBeVisible();

  const start = page.getByRole('link', { name: 'Bắt đầu khai' }).first();
  await expect(start).toBeVisible();
  await expect(start).toHaveAttribute('href', '/thu-tuc/1.001193/to-khai');
  const startBox = (await start.boundingBox())!;
  expect(startBox.height).toBeGreaterThanOrEqual(48);

  // General information, in plain words.
  await expect(page.getByRole('heading', { level: 2, name: 'Thông tin chung' })).toBeVisible();
  await expect(page.getByText('Toàn trình: nộp và nhận kết quả hoàn toàn trực tuyến.')).toBeVisible();
  await expect(page.getByText('Bạn có thể nộp tại bất kỳ xã, phường nào, không phụ thuộc nơi cư trú.')).toBeVisible();
  await expect(page.getByText('Cấp xã (phường, xã, đặc khu)', { exact: true })).toBeVisible();

  // Fees: a table with column and row headers.
  const fees = page.getByRole('table');
  await expect(fees.getByRole('columnheader')).toHaveText(['Khoản phí', 'Nộp trực tuyến', 'Nộp tại quầy']);
  const copy = fees.getByRole('row', { name: /Phí cấp bản sao trích lục/ });
  await expect(copy.getByRole('cell')).toHaveText(['8.000 đ', '8.000 đ']);
  const fee = fees.getByRole('row', { name: /Lệ phí đăng ký khai sinh đúng hạn/ });
  await expect(fee.getByRole('cell')).toHaveText(['Miễn phí', 'Miễn phí']);

  // Processing time.
  await expect(page.getByRole('heading', { level: 2, name: 'Thời hạn giải quyết' })).toBeVisible();
  await expect(page.getByText('Trong ngày', { exact: true })).toBeVisible();

  // Documents: required and optional, file types, size, number of files.
  const birthNotice = page.getByRole('listitem').filter({
    has: page.getByRole('heading', { level: 3, name: 'Giấy chứng sinh (hoặc giấy tờ thay thế)' }),
  });
  await expect(birthNotice.getByText('Bắt buộc', { exact: true })).toBeVisible();
  await expect(birthNotice.getByText('Ảnh chụp (JPG, PNG) hoặc tệp PDF')).toBeVisible();
  await expect(birthNotice.getByText('Tối đa 5 MB mỗi tệp')).toBeVisible();
  await expect(birthNotice.getByText('1 đến 3 tệp')).toBeVisible();
  const proxy = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Văn bản ủy quyền' }) });
  await expect(proxy.getByText('Không bắt buộc', { exact: true })).toBeVisible();
  await expect(proxy.getByText('Tối đa 1 tệp')).toBeVisible();

  // Delivery options.
  for (const d of ['Bản điện tử', 'Qua bưu điện', 'Nhận trực tiếp']) {
    await expect(page.getByText(d, { exact: true })).toBeVisible();
  }

  await axe();
});

test('money, days and the English version', async ({ page, axe }) => {
  await page.goto('/thu-tuc/1.001612');
  await appReady(page);
  const row = page.getByRole('table').getByRole('row', { name: /Lệ phí đăng ký hộ kinh doanh/ });
  await expect(row.getByRole('cell')).toHaveText(['50.000 đ', '100.000 đ']);
  await expect(page.getByText('Nộp trực tuyến được giảm phí so với nộp tại quầy.')).toBeVisible();
  await expect(page.getByText('3 ngày làm việc', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Household business registration' })).toBeVisible();
  await expect(page).toHaveTitle('Household business registration — Tờ khai');
  const enRow = page.getByRole('table').getByRole('row', { name: /Registration fee/ });
  await expect(enRow.getByRole('cell')).toHaveText(['50,000 VND', '100,000 VND']);
  await expect(page.getByText('3 working days', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Start filling in' }).first()).toHaveAttribute('href', '/thu-tuc/1.001612/to-khai');
  await axe();
});

test('the start button opens a new draft of the form', async ({ page }) => {
  await page.goto('/thu-tuc/1.000894');
  await appReady(page);
  await page.getByRole('link', { name: 'Bắt đầu khai' }).first().click();
  await expect(page).toHaveURL(/\/ho-so\/[0-9a-f-]{36}\?buoc=1$/);
  await expect(page.getByText('Đăng ký kết hôn', { exact: true })).toBeVisible();
});

test('an unknown code says so and leads back to the list', async ({ page, axe }) => {
  await page.goto('/thu-tuc/9.999999');
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Không tìm thấy thủ tục' })).toBeVisible();
  await expect(page.getByText('9.999999')).toBeVisible();
  await axe();
  await page.getByRole('link', { name: 'Về danh sách thủ tục' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thủ tục hành chính' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Thủ tục hành chính' }).getByRole('link')).toHaveCount(9);
});

test('its page says the data is faulty and that other procedures still work', async ({ page, axe }) => {
  await page.goto('/thu-tuc/1.999999');
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Thủ tục hỏng để thử' })).toBeVisible();
  await expect(page.getByText('Thủ tục này đang bị lỗi dữ liệu nên chưa dùng được. Các thủ tục khác vẫn dùng bình thường.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bắt đầu khai' })).toHaveCount(0);
  await axe();
});

test('in the list it is an error card, not a link, and search skips it', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  const list = page.getByRole('list', { name: 'Thủ tục hành chính' });
  await expect(list.getByRole('listitem')).toHaveCount(10);
  await expect(list.getByRole('link')).toHaveCount(9);
  await expect(list.getByRole('heading', { name: 'Thủ tục hỏng để thử' })).toBeVisible();
  await page.getByLabel('Tìm thủ tục').fill('thu tuc hong');
  await expect(page.getByRole('status').filter({ hasText: 'Không tìm thấy thủ tục nào.' })).toBeVisible();
  await page.getByLabel('Tìm thủ tục').fill('');
  await expect(list.getByRole('listitem')).toHaveCount(10);
});
