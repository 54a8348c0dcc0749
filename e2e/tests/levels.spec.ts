// One procedure of every implementing level in the sample catalog, filed to
// an accepted receipt. The review screen asks what the core's filing rule
// asks — a commune-level procedure a province and a ward, a province-level
// one the province only, a central-level one nothing — and the portal
// numbers the case by the same rule (`01.00004-…`, `01-…`, `TW-…`).
import type { Page } from '@playwright/test';
import { test, expect, appReady } from '../support/fixtures';
import { file, fillCopyCertification } from '../support/filing';
import { attach, fillAddress, next, onStep, pastAttachments } from '../support/form';
import { makePhoto } from '../support/photo';
import type { Portal } from '../support/portal';

const PROVINCE = 'Tỉnh, thành phố nhận hồ sơ';
const WARD = 'Xã, phường nhận hồ sơ';
const READY = 'Hồ sơ đã đủ thông tin để nộp.';

/** Files the dossier on the review screen; waits for the portal's receipt and
 * checks the case number, here and as the portal stored it. */
async function fileToReceipt(page: Page, portal: Portal, caseNumber: RegExp) {
  const id = await file(page);
  await expect(page.locator('.receipt-case')).toHaveText(caseNumber, { timeout: 30_000 });
  const shown = (await page.locator('.receipt-case').textContent())!.trim();
  const stored = await (await fetch(`${portal.url}/api/bundles/${id}`)).json();
  expect(stored.caseNumber).toBe(shown);
  expect(stored.status).toBe('received');
}

test('commune level (Chứng thực bản sao): a province and a ward, numbered by the ward', async ({ page, portal }) => {
  await fillCopyCertification(page);
  await expect(page.getByLabel(PROVINCE)).toHaveValue('01');
  await expect(page.getByLabel(WARD)).toHaveValue('00004');
  await fileToReceipt(page, portal, /^01\.00004-\d{6}-\d{4}$/);
});

test('province level (Phiếu lý lịch tư pháp): the province only, numbered by the province', async ({ page, portal, axe }) => {
  await page.goto('/thu-tuc/3.000333/to-khai');
  await appReady(page);
  await onStep(page, 'Thông tin của bạn');
  await page.getByLabel('Họ và tên', { exact: true }).fill('Trịnh Văn Long');
  await page.getByRole('radio', { name: 'Nam', exact: true }).check();
  await page.getByLabel('Ngày sinh').fill('01/12/1995');
  await page.getByLabel('Nơi sinh').fill('Thành phố Hà Nội');
  await page.getByLabel('Dân tộc').fill('Kinh');
  await page.getByLabel('Quốc tịch').fill('Việt Nam');
  await page.getByLabel(/Số căn cước/).fill('001095007788');
  await next(page);
  await onStep(page, 'Nơi ở và cách liên lạc');
  await fillAddress(page.getByRole('group', { name: /Nơi thường trú/ }), 'Thành phố Hà Nội', 'kim lien', 'Phường Kim Liên', 'Số 45, phố Tây Sơn');
  await page.getByLabel('Số điện thoại').fill('0968112233');
  await next(page);
  await onStep(page, 'Cha, mẹ và vợ hoặc chồng');
  await next(page);
  await onStep(page, 'Những nơi đã sống và làm việc');
  const period = page.getByRole('group', { name: 'Giai đoạn 1' });
  await period.getByLabel('Từ tháng/năm').fill('07/2018');
  await period.getByLabel('Vẫn ở đây đến nay').check();
  await period.getByLabel(/Nơi ở/).fill('Số 45 phố Tây Sơn, phường Kim Liên, Hà Nội');
  await period.getByLabel(/Nghề nghiệp/).fill('Kỹ sư phần mềm');
  await next(page);
  await onStep(page, 'Loại phiếu và mục đích');
  await page.getByRole('radio', { name: /Phiếu số 1/ }).check();
  await page.getByLabel('Bạn dùng phiếu để làm gì?').fill('Bổ sung hồ sơ xin việc');
  await page.getByLabel('Số phiếu cần cấp').fill('1');
  await page.getByLabel(/giảm hoặc miễn phí/).selectOption({ label: 'Không, nộp phí đầy đủ' });
  await next(page);
  await pastAttachments(page);

  await onStep(page, 'Kiểm tra và nộp hồ sơ');
  await page.getByRole('radio', { name: /Nhận trực tiếp/ }).check();
  // The province is required (what is missing links to its picker), and no ward is asked for.
  await page.getByRole('link', { name: 'Nơi nộp hồ sơ: Hãy chọn tỉnh, thành phố nơi nộp hồ sơ' }).click();
  await expect(page.getByLabel(PROVINCE)).toBeFocused();
  await expect(page.getByLabel(WARD)).toHaveCount(0);
  await page.getByLabel(PROVINCE).selectOption({ label: 'Thành phố Hà Nội' });
  await expect(page.getByRole('status').filter({ hasText: READY })).toBeVisible();
  await axe();
  await fileToReceipt(page, portal, /^01-\d{6}-\d{4}$/);
});

test('central level (Đăng ký nhãn hiệu): nothing to choose, numbered TW', async ({ page, portal, axe }) => {
  await page.goto('/thu-tuc/1.005213/to-khai');
  await appReady(page);
  await onStep(page, 'Chủ đơn');
  await page.getByRole('radio', { name: 'Cá nhân, hộ kinh doanh' }).check();
  await page.getByLabel('Họ và tên hoặc tên tổ chức').fill('Phan Thị Hồng Nhung');
  await page.getByLabel(/Số căn cước/).fill('079190004521');
  await fillAddress(page.getByRole('group', { name: /^Địa chỉ/ }), 'Thành phố Hồ Chí Minh', 'ben thanh', 'Phường Bến Thành', 'Số 25, đường Lê Lợi');
  await page.getByLabel('Số điện thoại').fill('0903123456');
  await next(page);
  await onStep(page, 'Nhãn hiệu');
  await page.getByRole('radio', { name: 'Nhãn hiệu thông thường' }).check();
  await page.getByLabel('Mô tả nhãn hiệu').fill('Chữ “Mây Tre Hồng” màu xanh lá, bên dưới là hình lá tre cách điệu');
  await attach(page, 'Mẫu nhãn hiệu', { name: 'mau-nhan-hieu.jpg', mimeType: 'image/jpeg', buffer: await makePhoto(page, 800, 600) });
  await next(page);
  await onStep(page, 'Sản phẩm, dịch vụ');
  const group = page.getByRole('group', { name: 'Nhóm 1' });
  await group.getByLabel('Số nhóm (1–45)').fill('20');
  await group.getByLabel('Sản phẩm, dịch vụ trong nhóm').fill('Bàn, ghế, tủ bằng mây tre');
  await page.getByLabel(/Tôi cam đoan/).check();
  await next(page);
  await pastAttachments(page);

  await onStep(page, 'Kiểm tra và nộp hồ sơ');
  // No place to choose: the dossier goes to the agency the procedure names.
  await expect(page.getByLabel(PROVINCE)).toHaveCount(0);
  await expect(page.getByLabel(WARD)).toHaveCount(0);
  await expect(page.getByText('Cục Sở hữu trí tuệ, Bộ Khoa học và Công nghệ', { exact: true })).toBeVisible();
  await page.getByRole('radio', { name: /Nhận trực tiếp/ }).check();
  await expect(page.getByRole('status').filter({ hasText: READY })).toBeVisible();
  await axe();
  await fileToReceipt(page, portal, /^TW-\d{6}-\d{4}$/);
});
