// On a phone, as a new user: one tap does what it says. Nothing moves a
// button between the finger touching it and the click (no message appears
// when a field loses focus: errors show on "Tiếp tục", the GOV.UK rule).
// The default device is a Pixel 7 (touch, 412 px wide); `tap()` sends real
// touch events, so the field's blur happens inside the tap, as on a phone.
import type { Locator, Page } from '@playwright/test';
import { test, expect, appReady } from '../support/fixtures';
import { onStep } from '../support/form';
import { mainNav, openMenu } from '../support/nav';
import { setUpOperatorDevice } from '../support/operator';

/** Opens a new draft of `code` at step `n` (the step is in the URL). */
async function draftAtStep(page: Page, code: string, n: number) {
  await page.goto(`/thu-tuc/${code}/to-khai`);
  await page.waitForURL(/\/ho-so\/[^?]+\?buoc=1$/);
  await appReady(page);
  if (n > 1) {
    await page.goto(page.url().replace(/buoc=1$/, `buoc=${n}`));
    await appReady(page);
  }
}

/**
 * Presses `target` as a finger does. `tap`: Playwright's touch tap (touch
 * events, Chromium's tap gesture). `press`: the pointer goes down on the
 * control's centre, a frame is drawn (what blur changed is on screen), and the
 * pointer comes up where it went down: the click lands on the control only if
 * nothing moved it in between.
 */
async function press(page: Page, target: Locator, how: 'tap' | 'press') {
  // The control at the bottom of the screen, the focused field above it (as
  // on a phone, where the form scrolls up under the thumb).
  await target.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  if (how === 'tap') return target.tap();
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.mouse.up();
}

for (const how of ['tap', 'press'] as const) {
  test(`one ${how} on "Tiếp tục" with an empty required field focused shows the error summary`, async ({ page }) => {
    await draftAtStep(page, '1.001193', 1);
    await onStep(page, 'Thông tin của bé');
    // The last field of the step, just above the button.
    const nationality = page.getByLabel('Quốc tịch');
    await nationality.focus();
    await press(page, page.getByRole('button', { name: 'Tiếp tục' }), how);
    const summary = page.getByRole('alert').filter({ hasText: 'Có thông tin cần sửa' });
    await expect(summary).toBeVisible();
    await expect(summary.getByRole('link', { name: 'Họ và tên của bé: Bắt buộc nhập' })).toBeVisible();
    // The fields show their messages now, after the press.
    await expect(page.getByLabel('Họ và tên của bé')).toHaveAccessibleDescription(/Bắt buộc nhập/);
  });

  test(`one ${how} on "Thêm người thứ" right after adding a person adds another`, async ({ page }) => {
    await draftAtStep(page, '1.004222', 4);
    await onStep(page, 'Người nhà cùng chuyển đến');
    const people = page.getByRole('group', { name: /^Người thứ \d+$/ });
    const add = page.getByRole('button', { name: /^Thêm người thứ/ });
    await press(page, add, how);
    await expect(people).toHaveCount(1);
    // Focus moved into the new person's first (empty, required) field.
    await expect(page.getByRole('group', { name: 'Người thứ 1' }).getByLabel('Họ và tên')).toBeFocused();
    await press(page, add, how);
    await expect(people).toHaveCount(2);
  });

  test(`one ${how} on "Xoá người thứ" from an empty required field removes the person`, async ({ page }) => {
    await draftAtStep(page, '1.004222', 4);
    await onStep(page, 'Người nhà cùng chuyển đến');
    const people = page.getByRole('group', { name: /^Người thứ \d+$/ });
    const add = page.getByRole('button', { name: /^Thêm người thứ/ });
    await add.click();
    await add.click();
    await expect(people).toHaveCount(2);
    await page.getByRole('group', { name: 'Người thứ 2' }).getByLabel('Họ và tên').focus();
    await press(page, page.getByRole('button', { name: 'Xoá người thứ 2' }), how);
    await expect(people).toHaveCount(1);
  });
}

test('leaving an empty required field shows no message and moves nothing', async ({ page }) => {
  await draftAtStep(page, '1.001193', 1);
  await onStep(page, 'Thông tin của bé');
  const next = page.getByRole('button', { name: 'Tiếp tục' });
  const name = page.getByLabel('Họ và tên của bé');
  await name.focus();
  const before = await next.boundingBox();
  await name.blur();
  await expect(name).not.toBeFocused();
  await expect(name).not.toHaveAccessibleDescription(/Bắt buộc nhập/);
  await expect(page.getByText('Bắt buộc nhập')).toHaveCount(0);
  expect(await next.boundingBox()).toEqual(before);
});

/** Every destination of the main navigation (the dashboard: operator devices). */
const DESTINATIONS: [string, RegExp][] = [
  ['Thủ tục', /\/$/],
  ['Hồ sơ đang khai', /\/ho-so$/],
  ['Hộp thư đi', /\/hop-thu-di$/],
  ['Bảng điều khiển', /\/bang-dieu-khien$/],
  ['Cài đặt', /\/cai-dat$/],
];

/** The page scrolls sideways: its content is wider than the viewport. */
async function overflowsSideways(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Each link of the main navigation is on screen, whole, and taking it works. */
async function everyDestinationReachable(page: Page) {
  const width = page.viewportSize()!.width;
  for (const [name, url] of DESTINATIONS) {
    await openMenu(page);
    const link = mainNav(page).getByRole('link', { name, exact: true });
    await expect(link).toBeVisible();
    const box = (await link.boundingBox())!;
    expect(box.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} ends on screen`).toBeLessThanOrEqual(width);
    expect(box.height, `${name} is a 48 px target`).toBeGreaterThanOrEqual(48);
    expect(await overflowsSideways(page), 'no horizontal scroll with the menu open').toBe(false);
    await link.tap();
    await expect(page).toHaveURL(url);
    // The menu closes on arrival; reopened, it marks where we are.
    await openMenu(page);
    await expect(mainNav(page).getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
    expect(await overflowsSideways(page), `no horizontal scroll on ${name}`).toBe(false);
  }
}

test.describe('a 320 px wide phone', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('every destination of the main navigation is on screen and works, behind "Menu"', async ({ page, axe }) => {
    await setUpOperatorDevice(page);
    const menu = mainNav(page).getByRole('button', { name: 'Menu' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toHaveAttribute('aria-controls', 'main-nav-list');
    await expect(mainNav(page).getByRole('link', { name: 'Cài đặt', exact: true })).toBeHidden();
    await menu.tap();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await axe();
    await everyDestinationReachable(page);
  });
});

test.describe('200 % text zoom', () => {
  // The zoom is a style sheet the test adds; the portal's CSP allows none inline.
  test.use({ bypassCSP: true });

  test('every destination of the main navigation is on screen and works', async ({ page }) => {
    await setUpOperatorDevice(page);
    await page.addStyleTag({ content: ':root { font-size: 200% !important; }' });
    await everyDestinationReachable(page);
  });
});
