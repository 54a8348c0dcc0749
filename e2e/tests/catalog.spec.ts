import { test, expect, appReady } from '../support/fixtures';
import { catalogSaved } from '../support/filing';

test('phone: the procedure list comes from the portal and passes axe', async ({ page, axe }) => {
  await page.goto('/');
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Thủ tục hành chính' })).toBeVisible();
  const list = page.getByRole('list', { name: 'Thủ tục hành chính' });
  await expect(list.getByRole('heading', { name: 'Đăng ký khai sinh' })).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(9);
  await expect(page.getByText('Dữ liệu minh hoạ')).toBeVisible();
  await axe();
});

test('the list is shown from IndexedDB when the catalog fetch fails', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await expect(page.getByRole('heading', { name: 'Đăng ký khai sinh' })).toBeVisible();
  await catalogSaved(page);

  await page.route('**/api/catalog', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('status').filter({ hasText: 'danh mục thủ tục đã lưu' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Đăng ký khai sinh' })).toBeVisible();
});

test('without a saved copy, a failed fetch says so plainly', async ({ page }) => {
  await page.route('**/api/catalog', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: 'đang gặp sự cố' })).toBeVisible();
});

test('English switch', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administrative procedures' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Birth registration' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
