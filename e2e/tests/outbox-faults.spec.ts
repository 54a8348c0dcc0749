// 50 dossiers filed offline, delivered through a portal that fails 30 % of
// requests (503s, connections dropped before and after storing, delays):
// every one ends accepted and the portal holds exactly 50 cases.
import { execFileSync } from 'node:child_process';
import { test, expect, appReady } from '../support/fixtures';
import { deliveryHeld, holdDelivery } from '../support/delivery';
import { file, fillCopyCertification, idbAll } from '../support/filing';
import { portalBinary } from '../support/portal';

test.use({ portalOptions: { args: ['--fault-rate', '0.3', '--fault-seed', '20261122'] } });

const BUNDLES = 50;

test('50 bundles through 30 % faults: all accepted, exactly 50 cases', async ({ page, portal }) => {
  // Generous: filing 50 dossiers through the interface takes a minute here,
  // and much longer on a slow, busy machine.
  test.setTimeout(20 * 60_000);
  // Hold delivery back while the dossiers are filed: nothing leaves before "Gửi lại ngay".
  await holdDelivery(page);
  await page.goto('/');
  await appReady(page);
  await deliveryHeld(page);
  await fillCopyCertification(page, 'Người thứ 1');
  await page.goto('/ho-so');
  await appReady(page);
  for (let i = 1; i < BUNDLES; i++) {
    await page.getByRole('button', { name: 'Nhân bản' }).first().click();
    await expect(page.getByRole('list', { name: 'Hồ sơ đang khai' }).getByRole('listitem')).toHaveCount(i + 1);
  }
  const drafts = (await idbAll(page, 'drafts')).map((r) => r.id as string);
  expect(drafts).toHaveLength(BUNDLES);
  const ids: string[] = [];
  for (const draft of drafts) {
    await page.goto(`/ho-so/${draft}?buoc=3`);
    await appReady(page);
    ids.push(await file(page));
  }
  expect(new Set(ids).size).toBe(BUNDLES);

  const attemptsOf = async () => (await idbAll(page, 'outbox')).map((r) => JSON.parse(r.entry).attempts as number).reduce((a, b) => a + b, 0);
  await page.goto('/hop-thu-di');
  await appReady(page);
  // Held: all 50 still queued, none tried.
  await expect(page.getByRole('list', { name: 'Hộp thư đi' }).getByRole('listitem').filter({ hasText: 'Chờ gửi' })).toHaveCount(BUNDLES);
  expect(await attemptsOf()).toBe(0);
  await page.getByRole('button', { name: 'Gửi lại ngay' }).click();
  await expect
    .poll(async () => (await idbAll(page, 'outbox')).filter((r) => r.state === 'accepted').length, { timeout: 10 * 60_000, intervals: [2000] })
    .toBe(BUNDLES);

  const outbox = await idbAll(page, 'outbox');
  const attempts = await attemptsOf();
  const cases = execFileSync(portalBinary(), ['case', 'list', '--db', portal.dbPath], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /\d{2}\.\d{5}-\d{6}-\d{4}/.test(l));
  console.log(`faults: ${BUNDLES} bundles, ${attempts} attempts through the faulty portal, ${cases.length} cases`);
  expect(cases).toHaveLength(BUNDLES);
  const numbers = new Set(outbox.map((r) => JSON.parse(r.entry).state.receipt.caseNumber));
  expect(numbers.size).toBe(BUNDLES);
});
