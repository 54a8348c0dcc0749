// Assisted filing on a shared device: one citizen's data is never visible to
// the next, and a filing carries the operator and the citizen's consent.
import { test, expect, appReady } from '../support/fixtures';
import { attach, fillAddress, next, pdf } from '../support/form';
import { CASE_NUMBER, file, fillCopyCertification } from '../support/filing';
import { everyStoredText, nextCitizen, OPERATOR, setUpOperatorDevice } from '../support/operator';
import { navTo } from '../support/nav';

const A_NAME = 'Hoàng Thị Xuyến Chi';
const A_CCCD = '001185023456';
const A_PIN = '2580';
const A_STREET = 'Số 17, ngõ Hoa Xuyến Chi';

test("next citizen: A's name and CCCD are nowhere in storage; A's PIN brings them back; wrong PINs are slowed down", async ({ page }) => {
  test.setTimeout(180_000);
  await setUpOperatorDevice(page);
  await page.goto('/');
  await appReady(page);
  // Starting a form on a shared device first asks for the citizen's session.
  await page.goto('/thu-tuc/1.004222/to-khai');
  await expect(page.getByRole('heading', { level: 1, name: 'Bắt đầu cho công dân mới' })).toBeVisible();
  await page.getByLabel('Mã PIN (4–6 chữ số)').fill('1234');
  await page.getByLabel('Nhập lại mã PIN').fill('1234');
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await expect(page.getByRole('alert')).toContainText('quá dễ đoán');
  await page.getByLabel('Mã PIN (4–6 chữ số)').fill(A_PIN);
  await page.getByLabel('Nhập lại mã PIN').fill(A_PIN);
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await expect(page).toHaveURL(/\/ho-so\/[0-9a-f-]{36}/, { timeout: 20_000 });

  await page.getByLabel('Họ và tên', { exact: true }).fill(A_NAME);
  await page.getByLabel('Ngày sinh').fill('14/02/1985');
  await page.getByRole('radio', { name: 'Nữ' }).check();
  await page.getByLabel(/Số căn cước/).fill(A_CCCD);
  await page.getByLabel('Số điện thoại').fill('0912345678');
  await next(page);
  await fillAddress(page.getByRole('group', { name: /Địa chỉ nơi đăng ký thường trú/ }), 'Thành phố Hà Nội', 'ba dinh', 'Phường Ba Đình', A_STREET);
  await attach(page, 'Giấy tờ chứng minh chỗ ở hợp pháp', pdf(`so-do-${A_CCCD}.pdf`));
  await expect(page.getByRole('status').filter({ hasText: /Đã lưu lúc/ })).toBeVisible();

  await nextCitizen(page, true);
  await expect(page.getByText(A_NAME)).toHaveCount(0);
  const stored = await everyStoredText(page);
  expect(stored.length).toBeGreaterThan(1000);
  for (const secret of [A_NAME, A_CCCD, A_STREET, `so-do-${A_CCCD}.pdf`]) {
    expect(stored.includes(secret), `"${secret}" found in plaintext in IndexedDB`).toBe(false);
  }

  // The drafts page shows a locked session, not A's dossier.
  await navTo(page, 'Hồ sơ đang khai');
  const locked = page.getByRole('list', { name: 'Hồ sơ đã khoá của công dân khác' }).getByRole('listitem');
  await expect(locked).toHaveCount(1);
  await expect(page.getByText(A_NAME)).toHaveCount(0);

  // Wrong PINs are refused; A's PIN opens A's session with everything in it.
  await locked.getByLabel('Mã PIN của công dân').fill('9999');
  await locked.getByRole('button', { name: 'Mở bằng mã PIN' }).click();
  await expect(locked.getByRole('alert')).toContainText('Mã PIN không đúng');
  await locked.getByLabel('Mã PIN của công dân').fill(A_PIN);
  await locked.getByRole('button', { name: 'Mở bằng mã PIN' }).click();
  const drafts = page.getByRole('list', { name: 'Hồ sơ đang khai' });
  await expect(drafts.getByRole('listitem').filter({ hasText: A_NAME })).toBeVisible({ timeout: 20_000 });
  await drafts.getByRole('link', { name: 'Khai tiếp' }).click();
  await expect(page.getByRole('region', { name: 'Giấy tờ chứng minh chỗ ở hợp pháp' }).getByText(`so-do-${A_CCCD}.pdf`, { exact: true })).toBeVisible();
  // (Within the app: a reload would lock the session again, by design.)
  await page.getByRole('button', { name: 'Quay lại' }).click();
  await expect(page.getByLabel(/Số căn cước/)).toHaveValue(A_CCCD);
  await expect(page.getByLabel('Họ và tên', { exact: true })).toHaveValue(A_NAME);

  // Locked again; three wrong PINs in a row: the next try must wait.
  await nextCitizen(page, true);
  await page.goto('/ho-so');
  await appReady(page);
  const row = page.getByRole('list', { name: 'Hồ sơ đã khoá của công dân khác' }).getByRole('listitem');
  for (const wrong of ['1357', '2468', '9753']) {
    await row.getByLabel('Mã PIN của công dân').fill(wrong);
    await row.getByRole('button', { name: 'Mở bằng mã PIN' }).click();
    await expect(row.getByRole('button', { name: 'Mở bằng mã PIN' })).toBeEnabled({ timeout: 20_000 });
  }
  await expect(row.getByRole('alert')).toContainText('Thử lại sau');
  // Even the right PIN waits (the count is stored: a reload does not reset it).
  await page.reload();
  await appReady(page);
  const again = page.getByRole('list', { name: 'Hồ sơ đã khoá của công dân khác' }).getByRole('listitem');
  await again.getByLabel('Mã PIN của công dân').fill(A_PIN);
  await again.getByRole('button', { name: 'Mở bằng mã PIN' }).click();
  await expect(again.getByRole('alert')).toContainText('Thử lại sau');
});

test('filing for a citizen: the signed manifest carries the operator and the consent; the portal checks it', async ({ page, portal }) => {
  test.setTimeout(120_000);
  await setUpOperatorDevice(page);
  await page.goto('/thu-tuc/2.000815/to-khai');
  await appReady(page);
  // The shared device asks for the citizen's session first, then opens the form.
  await page.getByLabel('Mã PIN (4–6 chữ số)').fill('7391');
  await page.getByLabel('Nhập lại mã PIN').fill('7391');
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await fillCopyCertification(page, 'Lý Văn Tám', true);
  // Filing waits for the citizen's confirmation, in plain Vietnamese.
  const consent = page.getByLabel(/Tôi, Lý Văn Tám, đã đề nghị Trần Thị Bình/);
  await expect(consent).toBeVisible();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Công dân cần xác nhận' })).toBeVisible();
  await consent.check();
  const id = await file(page);
  await expect(page.locator('.receipt-case')).toHaveText(CASE_NUMBER, { timeout: 30_000 });

  const status = await (await fetch(`${portal.url}/api/bundles/${id}`)).json();
  expect(status.operator.name).toBe(OPERATOR);
  expect(status.operator.role).toBe('volunteer');

  // The consent is inside the signed manifest…
  const bundle = Buffer.from(await (await fetch(`${portal.url}/api/bundles/${id}/file`)).arrayBuffer());
  const text = bundle.toString('utf8');
  expect(text).toContain('"consent":{"confirmedAt":');
  expect(text).toContain('Tôi, Lý Văn Tám, đã đề nghị Trần Thị Bình');
  // …so altering the operator block breaks the signature.
  const altered = Buffer.from(bundle);
  const at = altered.indexOf(Buffer.from('"name":"Trần Thị Bình"'));
  expect(at).toBeGreaterThan(0);
  altered.write('"name":"Trần Thị Bính"', at); // same length in UTF-8
  const res = await fetch(`${portal.url}/api/bundles`, { method: 'POST', headers: { 'content-type': 'application/vnd.tokhai.bundle+zip' }, body: altered });
  // Refused as altered (the ZIP's checksum or the signature), never taken for
  // the same bundle sent again with other bytes (409).
  expect(res.status).toBe(400);
  const err = await res.json();
  expect(err.code).toMatch(/^(bad_signature|bad_container)$/);
});

test('an idle session locks itself: the citizen leaves, the next person sees nothing', async ({ page }) => {
  test.setTimeout(120_000);
  await page.clock.install();
  await setUpOperatorDevice(page);
  await page.goto('/thu-tuc/1.004222/to-khai');
  await appReady(page);
  await page.getByLabel('Mã PIN (4–6 chữ số)').fill('8642');
  await page.getByLabel('Nhập lại mã PIN').fill('8642');
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await expect(page).toHaveURL(/\/ho-so\/[0-9a-f-]{36}/, { timeout: 20_000 });
  await page.getByLabel('Họ và tên', { exact: true }).fill('Quàng Văn Pọm');
  await expect(page.getByRole('status').filter({ hasText: /Đã lưu lúc/ })).toBeVisible();

  // Four minutes without a touch: still open. Past five (the default): locked.
  await page.clock.fastForward('04:00');
  await expect(page.getByLabel('Họ và tên', { exact: true })).toHaveValue('Quàng Văn Pọm');
  await page.clock.fastForward('01:30');
  await expect(page).toHaveURL(/\/ho-so\?khoa=tu-dong/, { timeout: 20_000 });
  await appReady(page);
  await expect(page.getByText('Quàng Văn Pọm')).toHaveCount(0);
  const locked = page.getByRole('list', { name: 'Hồ sơ đã khoá của công dân khác' }).getByRole('listitem');
  await expect(locked).toHaveCount(1);
  await locked.getByLabel('Mã PIN của công dân').fill('8642');
  await locked.getByRole('button', { name: 'Mở bằng mã PIN' }).click();
  await expect(page.getByRole('list', { name: 'Hồ sơ đang khai' }).getByText('Quàng Văn Pọm')).toBeVisible({ timeout: 20_000 });
});
