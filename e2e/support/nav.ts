// The main navigation as a citizen uses it: on a phone the links sit behind
// the "Menu" button (GOV.UK service navigation), on a wide screen in a row.
import { expect, type Page } from '@playwright/test';

export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Điều hướng chính' });
}

/** Opens the menu when the screen is narrow enough to have one. */
export async function openMenu(page: Page) {
  const nav = mainNav(page);
  await expect(nav).toBeVisible();
  const menu = nav.getByRole('button', { name: 'Menu' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') {
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
  }
}

/** Follows the main navigation's link `name`. */
export async function navTo(page: Page, name: string) {
  await openMenu(page);
  await mainNav(page).getByRole('link', { name, exact: true }).click();
}
