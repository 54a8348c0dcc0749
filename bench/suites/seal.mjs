// Filing a dossier with 20 MB of attachments: Chứng thực bản sao (2.000815)
// filled with two 10 MB PDFs, then "Nộp hồ sơ" on the review step. The app's
// `tokhai:seal` measure (prepare: digests and canonical manifest; sign with
// WebCrypto; assemble the ZIP) and the whole press → receipt page, which also
// reads the files from IndexedDB, checks the bundle as the portal will and
// writes it to the outbox. Delivery is held back with page.route.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { idbAll, installNavProbe, makePdf, openNewDraft, readNavProbe } from '../lib/app.mjs';
import { throttledPage } from '../lib/page.mjs';
import { frames, waitForMeasures } from '../lib/interaction.mjs';
import { networkPreset } from '../lib/throttle.mjs';
import { distribution, median } from '../lib/stats.mjs';
import { bytes, int, ms } from '../lib/format.mjs';

export const name = 'seal';
export const description = 'sealing a dossier with 20 MB of attachments (2 × 10 MB PDF), CPU throttled';

const CODE = '2.000815';
const SLOT = 'Ảnh chụp hoặc bản quét bản chính';
/** Two PDFs of 10 MB (10,000,000 bytes; the slot takes up to 10 MiB each). */
const PDF_BYTES = 10_000_000;
const FILES = 2;
const SEAL = 'tokhai:seal';

/** Fills 2.000815 (a new draft in `v`) with `pdfs` and stops on the review step, filing choices saved. */
async function fill(ctx, v, base, pdfs) {
  const { page } = v;
  await openNewDraft(ctx, v, base, CODE);
  await page.getByLabel('Đây là giấy tờ gì?').selectOption({ label: 'Giấy khai sinh' });
  await page.getByLabel('Bản chính có mấy trang?').fill('1');
  await page.getByLabel('Cần bao nhiêu bản sao?').fill('2');
  const slot = page.getByRole('region', { name: SLOT });
  await slot.getByLabel('Chọn tệp có sẵn').setInputFiles(pdfs);
  for (const f of pdfs) await slot.getByText(f.name, { exact: true }).waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByLabel('Họ và tên').fill('Bùi Thị Ngọc');
  await page.getByLabel(/Số căn cước/).fill('092197003456');
  await page.getByLabel('Số điện thoại').fill('0939456789');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kiểm tra và nộp hồ sơ' }).waitFor({ timeout: 60_000 });
  await page.getByLabel('Tỉnh, thành phố nhận hồ sơ').selectOption({ label: 'Thành phố Hà Nội' });
  await page.getByLabel('Xã, phường nhận hồ sơ').selectOption({ label: 'Phường Ba Đình' });
  await page.getByRole('radio', { name: /Nhận trực tiếp/ }).check();
  await page.getByRole('status').filter({ hasText: 'Hồ sơ đã đủ thông tin để nộp.' }).waitFor({ timeout: 60_000 });
  // The filing choices are saved with the draft before the press.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const drafts = await idbAll(page, 'drafts');
    if (drafts.some((r) => JSON.parse(r.body).filing?.delivery === 'pickup')) break;
    if (Date.now() > deadline) throw new Error('the draft was not saved with its filing choices');
    await page.waitForTimeout(200);
  }
  const stored = await idbAll(page, 'attachments');
  if (stored.length !== pdfs.length) throw new Error(`${stored.length} attachments stored, expected ${pdfs.length}`);
  return stored.reduce((a, s) => a + s.size, 0);
}

export async function run(ctx) {
  const portal = await ctx.portal();
  const chromium = await ctx.browser();
  const cpuRate = ctx.conditions.cpuRate;
  const procedure = JSON.parse(readFileSync(join(ctx.catalog, 'procedures', `${CODE}.json`), 'utf8'));
  const slot = procedure.documents.find((d) => d.name.vi === SLOT);
  if (!slot) throw new Error(`${CODE} has no document slot “${SLOT}”`);
  if (slot.maxFiles < FILES || slot.maxBytes < PDF_BYTES) throw new Error(`${CODE}'s slot takes ${slot.maxFiles} files of ${slot.maxBytes} bytes at most, not ${FILES} of ${PDF_BYTES}`);
  const pdfs = Array.from({ length: FILES }, (_, i) => ({ name: `ban-chinh-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: makePdf(PDF_BYTES, i + 1) }));
  const runs = [];
  for (let i = 1; i <= ctx.runs; i++) {
    const context = await chromium.newContext();
    try {
      // Filling is not timed: no throttling until the press.
      const v = await throttledPage(context, { network: networkPreset('none'), cpuRate: 1 });
      const { page } = v;
      const httpErrors = [];
      page.on('response', (r) => r.status() >= 400 && httpErrors.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`));
      await installNavProbe(page);
      await page.route('**/api/bundles', (route) => route.abort('internetdisconnected'));
      const attached = await fill(ctx, v, portal.url, pdfs);
      await frames(page, 2);
      await page.waitForTimeout(500);
      await v.cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
      await page.waitForURL(/\/bien-nhan\/[0-9a-f-]{36}/, { timeout: 600_000 });
      const wall = Date.now() - t0;
      await v.cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      if ((await waitForMeasures(page, SEAL, 1, 10_000)) < 1) throw new Error(`no ${SEAL} measure`);
      const t = await page.evaluate((name) => {
        const m = performance.getEntriesByName(name, 'measure')[0];
        return { start: m.startTime, duration: m.duration };
      }, SEAL);
      const nav = await readNavProbe(page);
      const click = nav.clicks.filter((c) => c.text.includes('Nộp hồ sơ')).at(-1);
      const receipt = nav.urls.find((u) => /\/bien-nhan\//.test(u.url) && u.t > (click?.t ?? 0));
      const outbox = await idbAll(page, 'outbox');
      const run = {
        run: i,
        attached,
        bundleBytes: outbox[0]?.bundle ?? null,
        seal: round(t.duration),
        beforeSeal: click ? round(t.start - click.t) : null,
        afterSeal: receipt ? round(receipt.t - (t.start + t.duration)) : null,
        total: click && receipt ? round(receipt.t - click.t) : null,
        wall,
        drafts: (await idbAll(page, 'drafts')).length,
        errors: v.errors,
        httpErrors,
      };
      runs.push(run);
      ctx.progress(`seal ${i}/${ctx.runs}: seal ${ms(run.seal)}, press → receipt ${ms(run.total)} (node clock ${ms(wall)}), bundle ${bytes(run.bundleBytes)}`);
      if (run.total == null) ctx.warn('seal: the probe missed the press or the receipt URL; see results.json');
      // The receipt page asks the portal for the status of the (undelivered) bundle: a 404 the console reports.
      const unexpected = httpErrors.filter((e) => !/^GET \/api\/bundles\/[0-9a-f-]{36} → 404$/.test(e));
      const errors = v.errors.filter((e) => !(e.startsWith('console: Failed to load resource') && unexpected.length === 0));
      if (errors.length || unexpected.length) ctx.warn(`seal: page errors: ${[...errors, ...unexpected].slice(0, 3).join(' | ')}`);
    } finally {
      await context.close();
    }
  }

  const row = (what, key, note) => ({ what, ...distribution(runs.map((r) => r[key])), note });
  const bundle = median(runs.map((r) => r.bundleBytes));
  return {
    title: `Sealing a dossier with 20 MB of attachments (CPU ${cpuRate}× slower, ${chromium.device})`,
    columns: [
      { key: 'what', label: 'Measure' },
      { key: 'n', label: 'Runs', align: 'right', format: int },
      { key: 'p50', label: 'Median', align: 'right', format: ms },
      { key: 'min', label: 'Min', align: 'right', format: ms },
      { key: 'max', label: 'Max', align: 'right', format: ms },
      { key: 'note', label: 'Note', format: (v) => v ?? '' },
    ],
    rows: [
      { ...row('“Nộp hồ sơ” → receipt page', 'total', `bundle ${bytes(bundle)}`), $total: true },
      row('  press → sealing starts (read files, device key)', 'beforeSeal'),
      row('  seal: prepare, sign, assemble (`tokhai:seal`)', 'seal'),
      row('  self-check, outbox write, navigation', 'afterSeal'),
    ],
    notes: [
      `CPU ${cpuRate === 1 ? 'not throttled' : `${cpuRate}× slower (\`Emulation.setCPUThrottlingRate\`) from the press on (filling the form before it is not timed nor throttled)`}, no network throttling; delivery held back (\`page.route('**/api/bundles')\` aborts); headless Chromium ${chromium.version} emulating a ${chromium.device}; ${ctx.runs} runs, each a fresh browser context.`,
      `Dossier: ${CODE} (Chứng thực bản sao) filled as the e2e tests do, with ${FILES} valid PDFs of ${PDF_BYTES.toLocaleString('en')} bytes each in its document slot (one page, padded with a content stream of comment lines; ${bytes(FILES * PDF_BYTES)} in all; the slot takes up to ${slot.maxFiles} files of ${bytes(slot.maxBytes)} each).`,
      `\`tokhai:seal\`: the app's measure around \`bundle::prepare\` (SHA-256 of every file, canonical manifest), the WebCrypto ES256 signature and \`Unsigned::assemble\` (the ZIP). Press → receipt: probe from the click event's timestamp to the History API call that shows \`/bien-nhan/<id>\`; before it, reading the files from IndexedDB into the wasm memory and loading the device key; after it, the self-check (open the bundle, verify the signature, check the data, as the portal does), the transaction that queues the bundle and deletes the draft, and the navigation.`,
    ],
    data: { code: CODE, pdfBytes: PDF_BYTES, files: FILES, runs },
  };
}

const round = (x) => (x == null ? null : Math.round(x * 10) / 10);
