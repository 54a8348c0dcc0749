import { test, expect, appReady } from '../support/fixtures';
import { attach, fillAddress, next, onStep, pastAttachments, pdf } from '../support/form';

test('Đăng ký khai sinh: errors, a conditional father section, review', async ({ page, axe }) => {
  await page.goto('/thu-tuc/1.001193');
  await appReady(page);
  await page.getByRole('link', { name: 'Bắt đầu khai' }).first().click();
  await onStep(page, 'Thông tin của bé');
  await expect(page.getByText('Bước 1 trên')).toBeVisible();
  await axe();

  // Going on with nothing filled: a summary lists each missing field and links to it.
  await next(page);
  const summary = page.getByRole('alert').filter({ hasText: 'Có thông tin cần sửa' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: 'Họ và tên của bé: Bắt buộc nhập' })).toBeVisible();
  await expect(summary.getByRole('link', { name: /Ngày sinh của bé/ })).toBeVisible();
  await summary.getByRole('link', { name: 'Họ và tên của bé: Bắt buộc nhập' }).click();
  await expect(page.getByLabel('Họ và tên của bé')).toBeFocused();
  await axe();

  await page.getByLabel('Họ và tên của bé').fill('Nguyễn Minh Khang');
  await page.getByRole('radio', { name: 'Nam' }).check();
  // A date in the future is refused on "Tiếp tục", then fixed.
  await page.getByLabel('Ngày sinh của bé').fill('18/10/2099');
  await page.getByLabel('Ngày sinh của bé').blur();
  // Leaving the field shows nothing (errors show on submit: nothing moves under a finger).
  await expect(page.getByLabel('Ngày sinh của bé')).not.toHaveAccessibleDescription(/tương lai|sau ngày hôm nay/);
  await next(page);
  // The message is tied to the field (aria-describedby), and listed in the summary.
  await expect(page.getByLabel('Ngày sinh của bé')).toHaveAccessibleDescription(/tương lai|sau ngày hôm nay/);
  await expect(summary.getByRole('link', { name: /Ngày sinh của bé: .*(tương lai|sau ngày hôm nay)/ })).toBeVisible();
  await page.getByLabel('Ngày sinh của bé').fill('18102026');
  await page.getByLabel('Ngày sinh của bé').blur();
  await expect(page.getByLabel('Ngày sinh của bé')).toHaveValue('18/10/2026');
  await page.getByLabel('Nơi sinh').fill('Bệnh viện Phụ sản Hà Nội');
  await page.getByLabel('Quê quán').fill('xã Hải Hậu, tỉnh Ninh Bình');
  await page.getByLabel('Dân tộc').fill('Kinh');
  await page.getByLabel('Quốc tịch').fill('Việt Nam');
  await attach(page, 'Giấy chứng sinh', pdf('giay-chung-sinh.pdf'));
  await next(page);

  await onStep(page, 'Thông tin của mẹ');
  await page.getByLabel('Họ và tên mẹ').fill('Trần Thị Hương');
  await page.getByLabel('Ngày sinh của mẹ').fill('12/03/1994');
  // A CCCD whose year digits do not match her date of birth is caught…
  await page.getByLabel('Số căn cước của mẹ').fill('001 195 008 231');
  await page.getByLabel('Số căn cước của mẹ').blur();
  await expect(page.getByLabel('Số căn cước của mẹ')).toHaveValue('001195008231');
  await next(page);
  await expect(page.getByLabel('Số căn cước của mẹ')).toHaveAccessibleDescription(/Năm sinh/);
  // …and accepted once corrected (the step goes on below).
  await page.getByLabel('Số căn cước của mẹ').fill('001194008231');
  await page.getByLabel('Dân tộc').fill('Kinh');
  await page.getByLabel('Quốc tịch').fill('Việt Nam');
  await fillAddress(page.getByRole('group', { name: /Nơi ở hiện nay của mẹ/ }), 'Thành phố Hà Nội', 'ba dinh', 'Phường Ba Đình', 'Số 12, ngõ 68, đường Xuân Thủy');
  await axe();
  await next(page);

  // The father's section appears only when the box is ticked.
  await onStep(page, 'Thông tin của cha');
  await expect(page.getByLabel('Họ và tên cha')).toHaveCount(0);
  await page.getByLabel('Đã biết ai là cha của bé').check();
  await expect(page.getByLabel('Họ và tên cha')).toBeVisible();
  await page.getByLabel('Họ và tên cha').fill('Nguyễn Văn Tuấn');
  await page.getByLabel('Ngày sinh của cha').fill('05/07/1991');
  await page.getByLabel('Số căn cước của cha').fill('036091004517');
  await page.getByLabel('Dân tộc').fill('Kinh');
  await page.getByLabel('Quốc tịch').fill('Việt Nam');
  await fillAddress(page.getByRole('group', { name: /Nơi ở hiện nay của cha/ }), 'Thành phố Hà Nội', 'ba dinh', 'Phường Ba Đình', 'Số 12, ngõ 68');
  await next(page);

  await onStep(page, 'Người đi khai sinh');
  await page.getByLabel('Họ và tên', { exact: true }).fill('Nguyễn Văn Tuấn');
  await page.getByLabel(/Số căn cước \(số định danh/).fill('036091004517');
  await page.getByLabel('Bạn là gì của bé?').selectOption({ label: 'Cha' });
  await fillAddress(page.getByRole('group', { name: /Nơi ở hiện nay/ }), 'Thành phố Hà Nội', 'ba dinh', 'Phường Ba Đình', 'Số 12, ngõ 68');
  await page.getByLabel('Số điện thoại').fill('+84 912 345 678');
  await page.getByLabel('Số điện thoại').blur();
  await expect(page.getByLabel('Số điện thoại')).toHaveValue('0912345678');
  // Another conditional field: the number of copies shows only when asked for.
  await expect(page.getByLabel('Số bản sao cần lấy')).toHaveCount(0);
  await page.getByLabel('Tôi muốn lấy thêm bản sao').check();
  await page.getByLabel('Số bản sao cần lấy').fill('2');
  await page.getByLabel(/Tôi cam đoan/).check();
  await next(page);

  // Documents not placed on a step come next; optional ones may stay empty.
  await pastAttachments(page);
  await onStep(page, 'Kiểm tra và nộp hồ sơ');
  await expect(page.getByText('Nguyễn Minh Khang')).toBeVisible();
  await expect(page.getByText('18/10/2026')).toBeVisible();
  await expect(page.getByText('Số 12, ngõ 68, đường Xuân Thủy, Phường Ba Đình, Thành phố Hà Nội')).toBeVisible();
  await expect(page.getByText('Hồ sơ còn thông tin cần sửa')).toBeVisible();
  await page.getByLabel('Tỉnh, thành phố nhận hồ sơ').selectOption({ label: 'Thành phố Hà Nội' });
  await page.getByLabel('Xã, phường nhận hồ sơ').selectOption({ label: 'Phường Ba Đình' });
  await page.getByRole('radio', { name: /Bản điện tử/ }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Hồ sơ đã đủ thông tin để nộp.' })).toBeVisible();
  await axe();
});

test('Đăng ký thường trú: a repeat group, with an error fixed inside an item', async ({ page, axe }) => {
  await page.goto('/thu-tuc/1.004222/to-khai');
  await appReady(page);
  await onStep(page, 'Người đăng ký thường trú');
  await page.getByLabel('Họ và tên', { exact: true }).fill('Đỗ Thị Lan');
  await page.getByLabel('Ngày sinh').fill('09/08/1992');
  await page.getByRole('radio', { name: 'Nữ' }).check();
  await page.getByLabel(/Số căn cước/).fill('031192005674');
  await page.getByLabel('Số điện thoại').fill('0987654321');
  await next(page);

  await onStep(page, 'Nơi ở mới');
  await fillAddress(page.getByRole('group', { name: /Địa chỉ nơi đăng ký thường trú/ }), 'Thành phố Hà Nội', 'ba dinh', 'Phường Ba Đình', 'Số 8, ngõ 30, phố Tô Hiệu');
  await expect(page.getByLabel('Họ và tên chủ nhà')).toHaveCount(0);
  await page.getByRole('radio', { name: /Nhà của người thân/ }).check();
  await page.getByLabel('Họ và tên chủ nhà').fill('Đỗ Văn Hùng');
  await page.getByLabel('Số căn cước của chủ nhà').fill('031062003318');
  await page.getByLabel(/Chủ nhà đã đồng ý/).check();
  await attach(page, 'Giấy tờ chứng minh chỗ ở hợp pháp', pdf('so-do.pdf'));
  await next(page);

  await onStep(page, 'Chủ hộ');
  await page.getByLabel('Bạn là gì của chủ hộ?').selectOption({ label: 'Con' });
  await page.getByLabel('Họ và tên chủ hộ').fill('Đỗ Văn Hùng');
  await page.getByLabel('Số căn cước của chủ hộ').fill('031062003318');
  await next(page);

  await onStep(page, 'Người nhà cùng chuyển đến');
  const add = page.getByRole('button', { name: /^Thêm người thứ/ });
  await add.click();
  await add.click();
  await add.click();
  await expect(page.getByRole('group', { name: /^Người thứ \d$/ })).toHaveCount(3);
  await page.getByRole('button', { name: 'Xoá người thứ 3' }).click();
  await expect(page.getByRole('group', { name: /^Người thứ \d$/ })).toHaveCount(2);

  const first = page.getByRole('group', { name: 'Người thứ 1' });
  await first.getByLabel('Họ và tên').fill('Vũ Gia Huy');
  await first.getByLabel('Ngày sinh').fill('11/04/2018');
  await first.getByRole('radio', { name: 'Nam' }).check();
  await first.getByLabel('Số định danh cá nhân').fill('079218007741');
  await first.getByLabel('Là gì của chủ hộ?').selectOption({ label: 'Cháu' });

  const second = page.getByRole('group', { name: 'Người thứ 2' });
  await second.getByLabel('Họ và tên').fill('Vũ Ngọc Anh');
  await second.getByLabel('Ngày sinh').fill('30/09/2021');
  await second.getByRole('radio', { name: 'Nữ' }).check();
  await second.getByLabel('Là gì của chủ hộ?').selectOption({ label: 'Cháu' });
  // The second member's ID number is missing: the summary names the item.
  await next(page);
  const summary = page.getByRole('alert').filter({ hasText: 'Có thông tin cần sửa' });
  await expect(summary.getByRole('link', { name: /Người thứ 2: Số định danh cá nhân/ })).toBeVisible();
  await axe();
  await summary.getByRole('link', { name: /Người thứ 2: Số định danh cá nhân/ }).click();
  await expect(second.getByLabel('Số định danh cá nhân')).toBeFocused();
  await second.getByLabel('Số định danh cá nhân').fill('079321004452');
  await next(page);
  await pastAttachments(page);

  await onStep(page, 'Kiểm tra và nộp hồ sơ');
  await expect(page.getByText('Người thứ 2: Họ và tên')).toBeVisible();
  await expect(page.getByText('Vũ Ngọc Anh')).toBeVisible();
  // Removing an item shifts the next one into its place, values and all.
  await page.getByRole('button', { name: /Sửa.*Người nhà cùng chuyển đến/ }).click();
  await page.getByRole('button', { name: 'Xoá người thứ 1' }).click();
  await expect(page.getByRole('group', { name: 'Người thứ 1' }).getByLabel('Họ và tên')).toHaveValue('Vũ Ngọc Anh');
});

test('Chứng thực bản sao: a select that reveals a field, numbers the Vietnamese way', async ({ page, axe }) => {
  await page.goto('/thu-tuc/2.000815/to-khai');
  await appReady(page);
  await onStep(page, 'Giấy tờ cần sao');
  await expect(page.getByLabel('Tên giấy tờ')).toHaveCount(0);
  await page.getByLabel('Đây là giấy tờ gì?').selectOption({ label: 'Giấy tờ khác' });
  await page.getByLabel('Tên giấy tờ').fill('Giấy xác nhận thông tin cư trú');
  await page.getByLabel('Bản chính có mấy trang?').fill('1,5');
  await next(page);
  await expect(page.getByLabel('Bản chính có mấy trang?')).toHaveAccessibleDescription(/số nguyên|số/);
  await page.getByLabel('Bản chính có mấy trang?').fill('2');
  await page.getByLabel('Cần bao nhiêu bản sao?').fill('3');
  await attach(page, 'Ảnh chụp hoặc bản quét bản chính', pdf('ban-chinh.pdf'));
  await axe();
  await next(page);
  await onStep(page, 'Người yêu cầu');
  await page.getByLabel('Họ và tên').fill('Bùi Thị Ngọc');
  await page.getByLabel(/Số căn cước/).fill('092197003456');
  await page.getByLabel('Số điện thoại').fill('0939 456 789');
  await next(page);
  await onStep(page, 'Kiểm tra và nộp hồ sơ');
  await expect(page.getByText('Giấy xác nhận thông tin cư trú')).toBeVisible();
  await page.getByLabel('Tỉnh, thành phố nhận hồ sơ').selectOption({ label: 'Thành phố Cần Thơ' });
  await page.getByLabel('Xã, phường nhận hồ sơ').selectOption({ index: 1 });
  await page.getByRole('radio', { name: /Nhận trực tiếp/ }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Hồ sơ đã đủ thông tin để nộp.' })).toBeVisible();
  await axe();
});

test('English: the form speaks English too', async ({ page }) => {
  await page.goto('/thu-tuc/1.001193/to-khai');
  await appReady(page);
  await page.getByLabel('Họ và tên của bé').fill('Nguyễn Minh Khang');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
  await expect(page.getByText('Step 1 of')).toBeVisible();
  // Switching language keeps what was typed.
  await expect(page.getByLabel("Child's full name")).toHaveValue('Nguyễn Minh Khang');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'There is a problem' })).toBeVisible();
  await expect(page.getByText('This field is required').first()).toBeVisible();
});
