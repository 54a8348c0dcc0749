// The portal publishes its intake limit (in the catalog it serves); the app
// refuses to seal a dossier over it, with a clear message, and queues nothing.
import { test, expect } from '../support/fixtures';
import { fillCopyCertification, idbAll } from '../support/filing';
import { pdf } from '../support/form';

test.use({ portalOptions: { args: ['--max-bundle-mb', '1'] } });

test('a dossier over the portal\'s published limit is not sealed or queued', async ({ page, portal }) => {
  const health = await (await fetch(`${portal.url}/api/health`)).json();
  expect(health.limits.maxBundleBytes).toBe(1024 * 1024);
  // A 1.5 MB scan: under the 5 MB a slot takes, over the 1 MB this portal accepts.
  const scan = pdf('ban-scan-lon.pdf');
  await fillCopyCertification(page, 'Bùi Thị Ngọc', false, { ...scan, buffer: Buffer.concat([scan.buffer, Buffer.alloc(1536 * 1024, 0x20)]) });
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByText('Hồ sơ quá lớn để gửi')).toBeVisible();
  await expect(page).toHaveURL(/\/ho-so\//);
  expect(await idbAll(page, 'outbox')).toHaveLength(0);
  expect(await idbAll(page, 'drafts')).toHaveLength(1);
});
