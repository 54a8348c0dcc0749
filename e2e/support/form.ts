// Helpers for filling forms the way a citizen does: by visible labels.
import { expect, type Locator, type Page } from '@playwright/test';

export async function next(page: Page) {
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
}

/** Waits for the step heading, proving the step changed. */
export async function onStep(page: Page, title: string) {
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** Province → ward (searched without diacritics) → street, inside `scope`. */
export async function fillAddress(scope: Locator, province: string, wardSearch: string, ward: string, street: string) {
  await scope.getByLabel('Tỉnh, thành phố', { exact: true }).selectOption({ label: province });
  await scope.getByLabel('Tìm xã, phường theo tên').fill(wardSearch);
  await scope.getByLabel('Xã, phường, đặc khu', { exact: true }).selectOption({ label: ward });
  await scope.getByLabel('Số nhà, đường phố, thôn, tổ').fill(street);
}

/** A small but real PDF, as a phone would pick one. */
export function pdf(name: string) {
  const body = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body) };
}

export async function attach(page: Page, slot: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  const region = page.getByRole('region', { name: slot });
  await region.getByLabel('Chọn tệp có sẵn').setInputFiles(file);
  await expect(region.getByText(file.name, { exact: true })).toBeVisible();
}

/** Passes the attachments step when the form has one (documents not placed on a step). */
export async function pastAttachments(page: Page) {
  await expect(page.getByRole('heading', { level: 1, name: /Giấy tờ kèm theo|Kiểm tra và nộp hồ sơ/ })).toBeVisible();
  if (await page.getByRole('heading', { level: 1, name: 'Giấy tờ kèm theo' }).isVisible()) {
    await next(page);
  }
}
