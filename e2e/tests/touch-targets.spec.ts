// Every control a finger has to hit is at least 48 CSS px high, on every
// screen of a filing (links inside running text excepted: they are read, and
// the line around them is the target).
import type { Page } from '@playwright/test';
import { test, expect, appReady } from '../support/fixtures';
import { attach, fillAddress, next, onStep, pdf } from '../support/form';
import { fillCopyCertification, file } from '../support/filing';
import { navTo, openMenu } from '../support/nav';

/** The visible interactive elements of the page shorter than 48 px, described. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const MIN = 47.5; // sub-pixel rounding of a 48 px box
    const controls = 'a[href], button, input, select, textarea, summary, label.file-label, [role="button"], [tabindex]:not([tabindex="-1"])';
    /** A link with other words around it in the block (paragraph, heading, list item) it sits in. */
    const inRunningText = (a: Element) => {
      let block = a.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      return !!block && (block.textContent ?? '').replace(a.textContent ?? '', '').trim().length > 0;
    };
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll(controls))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not rendered (display: none, closed details)
      if (getComputedStyle(el).visibility === 'hidden') continue;
      // A visually hidden control stands behind its label (a file input): the label is measured.
      if (r.width <= 1 && r.height <= 1) continue;
      if (el.tagName === 'A' && inRunningText(el)) continue;
      // A radio or checkbox is hit through its whole labelled row.
      const target = el.matches('input[type=radio], input[type=checkbox]') ? el.closest('.choice, .segment, label') ?? el : el;
      const h = target.getBoundingClientRect().height;
      if (h < MIN) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).name ?? '').trim().slice(0, 40);
        out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} "${name}": ${h.toFixed(1)} px`);
      }
    }
    return out;
  });
}

async function expectBigTargets(page: Page, screen: string) {
  expect(await smallTargets(page), `controls under 48 px on ${screen}`).toEqual([]);
}

test('every control of every screen of a filing is at least 48 px high', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await expect(page.getByRole('list', { name: 'Thủ tục hành chính' }).getByRole('listitem').first()).toBeVisible();
  await expectBigTargets(page, 'the catalog');
  await openMenu(page);
  await expectBigTargets(page, 'the catalog, menu open');

  await page.getByRole('link', { name: /^Chứng thực bản sao từ bản chính/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.locator('details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await expectBigTargets(page, 'the procedure page');

  // A form step, with the error summary and messages, then with a file attached.
  await page.goto('/thu-tuc/2.000815/to-khai');
  await appReady(page);
  await onStep(page, 'Giấy tờ cần sao');
  await expectBigTargets(page, 'a form step');
  await next(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Có thông tin cần sửa' })).toBeVisible();
  await expectBigTargets(page, 'a form step with its error summary');
  await attach(page, 'Ảnh chụp hoặc bản quét bản chính', pdf('trang-1.pdf'));
  await expectBigTargets(page, 'a form step with a file attached');

  // The rest of the filing: the next step, review, receipt, outbox, drafts, settings.
  await fillCopyCertification(page, 'Bùi Thị Ngọc', true);
  await expectBigTargets(page, 'the review');
  await file(page);
  await expectBigTargets(page, 'the receipt');
  await navTo(page, 'Hộp thư đi');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectBigTargets(page, 'the outbox');
  await navTo(page, 'Hồ sơ đang khai');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectBigTargets(page, 'the drafts');
  await navTo(page, 'Cài đặt');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectBigTargets(page, 'the settings');
});

test('the birth registration form: radios, dates, an address, error messages', async ({ page }) => {
  await page.goto('/thu-tuc/1.001193/to-khai');
  await appReady(page);
  await onStep(page, 'Thông tin của bé');
  await next(page);
  await expectBigTargets(page, 'the first step with errors');
  await page.getByLabel('Họ và tên của bé').fill('Nguyễn Minh Khang');
  await page.getByRole('radio', { name: 'Nam' }).check();
  await page.getByLabel('Ngày sinh của bé').fill('18/10/2026');
  await page.getByLabel('Nơi sinh').fill('Bệnh viện Phụ sản Hà Nội');
  await page.getByLabel('Quê quán').fill('xã Hải Hậu, tỉnh Ninh Bình');
  await page.getByLabel('Dân tộc').fill('Kinh');
  await page.getByLabel('Quốc tịch').fill('Việt Nam');
  await attach(page, 'Giấy chứng sinh', pdf('giay-chung-sinh.pdf'));
  await expectBigTargets(page, 'the first step filled');
  await next(page);
  await onStep(page, 'Thông tin của mẹ');
  await fillAddress(page.getByRole('group', { name: /Nơi ở hiện nay của mẹ/ }), 'Thành phố Hà Nội', 'ba dinh', 'Phường Ba Đình', 'Số 12');
  await expectBigTargets(page, 'a step with an address');
});
