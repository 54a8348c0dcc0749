// A 12 MP camera photo becomes a stored attachment: picked on the document
// slot of Đăng ký khai sinh, decoded, downscaled to 2000 px, re-encoded as JPEG
// and committed to IndexedDB. The app's `tokhai:attach` measure (src/components/
// form/files.rs), at the CPU throttling of the other suites and without it; and
// the size and dimensions of what was stored.
import { idbAll, makePhoto, openNewDraft } from '../lib/app.mjs';
import { throttledPage } from '../lib/page.mjs';
import { frames, interactionConditions, waitForMeasures } from '../lib/interaction.mjs';
import { networkPreset } from '../lib/throttle.mjs';
import { distribution, median } from '../lib/stats.mjs';
import { bytes, int, ms, percent } from '../lib/format.mjs';

export const name = 'photo';
export const description = '12 MP photo → downscaled, stored attachment, with and without CPU throttling';

const MEASURE = 'tokhai:attach';
const CODE = '1.001193';
const SLOT = 'Giấy chứng sinh';
const FILE_NAME = 'IMG_20261122_093012.jpg';

/**
 * Probe: from the file input's `change` event to the frame after the picked
 * file appears in the slot's list (its name on screen).
 */
async function installAttachProbe(page) {
  await page.addInitScript((fileName) => {
    const probe = { changes: [], listed: [] };
    Object.defineProperty(window, '__benchAttach', { value: probe });
    document.addEventListener('change', (e) => e.target?.type === 'file' && probe.changes.push(e.timeStamp), true);
    const watch = () => {
      new MutationObserver(() => {
        if (probe.listed.length >= probe.changes.length || !probe.changes.length) return;
        const shown = [...document.querySelectorAll('.file-name')].some((n) => n.textContent === fileName);
        if (shown) {
          const i = probe.listed.push(null) - 1;
          requestAnimationFrame(() => setTimeout(() => (probe.listed[i] = performance.now()), 0));
        }
      }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    };
    if (document.documentElement) watch();
    else addEventListener('DOMContentLoaded', watch);
  }, FILE_NAME);
}

async function measureOnce(ctx, chromium, base, conditions, photo) {
  const context = await chromium.newContext();
  try {
    const v = await throttledPage(context, conditions);
    await installAttachProbe(v.page);
    const draftId = await openNewDraft(ctx, v, base, CODE);
    const { page } = v;
    await frames(page, 2);
    await page.waitForTimeout(1000);
    const slot = page.getByRole('region', { name: SLOT });
    await slot.getByLabel('Chọn tệp có sẵn').setInputFiles({ name: FILE_NAME, mimeType: 'image/jpeg', buffer: photo.buffer });
    if ((await waitForMeasures(page, MEASURE, 1, 300_000)) < 1) {
      const alert = await slot.getByRole('alert').textContent().catch(() => null);
      throw new Error(`no ${MEASURE} measure within 300 s${alert ? `: the slot says “${alert.trim()}”` : ''}`);
    }
    const [m] = await page.evaluate((name) => performance.getEntriesByName(name, 'measure').map((e) => e.duration), MEASURE);
    await slot.getByText(FILE_NAME, { exact: true }).waitFor({ timeout: 60_000 });
    const dimsShown = (await slot.locator('.file-size').first().textContent())?.trim() ?? '';
    await frames(page, 2);
    const probe = await page.evaluate(() => window.__benchAttach);
    const stored = (await idbAll(page, 'attachments')).filter((a) => a.draftId === draftId);
    if (stored.length !== 1) throw new Error(`expected 1 stored attachment, found ${stored.length}`);
    const a = stored[0];
    return {
      attach: round(m),
      listed: probe.changes[0] != null && probe.listed[0] != null ? round(probe.listed[0] - probe.changes[0]) : null,
      storedBytes: a.size,
      blobBytes: a.blob,
      width: a.width,
      height: a.height,
      mediaType: a.mediaType,
      name: a.name,
      dimsShown,
      errors: v.errors,
    };
  } finally {
    await context.close();
  }
}

export async function run(ctx) {
  const portal = await ctx.portal();
  const chromium = await ctx.browser();
  // The photo, drawn once by the browser (not throttled, not timed).
  const maker = await chromium.newContext();
  let photo;
  try {
    const page = await maker.newPage();
    photo = await makePhoto(page, { width: 4000, height: 3000 });
  } finally {
    await maker.close();
  }
  ctx.progress(`photo: ${photo.width}×${photo.height} JPEG, ${bytes(photo.buffer.length)}`);
  if (photo.buffer.length < 2_000_000) ctx.warn(`photo: the generated photo is only ${bytes(photo.buffer.length)}; a 12 MP phone photo is 2–5 MB`);

  const rates = [...new Set([ctx.conditions.cpuRate, 1])];
  const series = [];
  for (const cpuRate of rates) {
    const conditions = cpuRate === 1 ? { network: networkPreset('none'), cpuRate: 1 } : interactionConditions(ctx);
    const runs = [];
    for (let i = 1; i <= ctx.runs; i++) {
      const r = await measureOnce(ctx, chromium, portal.url, conditions, photo);
      runs.push(r);
      ctx.progress(`photo CPU ${cpuRate}× ${i}/${ctx.runs}: ${ms(r.attach)} (listed ${ms(r.listed)}), stored ${r.width}×${r.height} ${bytes(r.storedBytes)} (${r.dimsShown})`);
      if (r.errors.length) ctx.warn(`photo: page errors: ${r.errors.slice(0, 3).join(' | ')}`);
    }
    series.push({ cpuRate, runs });
  }

  const rows = series.map(({ cpuRate, runs }) => {
    const d = distribution(runs.map((r) => r.attach));
    const listed = distribution(runs.map((r) => r.listed));
    const storedBytes = median(runs.map((r) => r.storedBytes));
    const r0 = runs[0];
    return {
      cpu: cpuRate === 1 ? 'not throttled' : `${cpuRate}× slower`,
      n: d.n,
      p50: d.p50,
      max: d.max,
      listed: listed.p50,
      stored: storedBytes,
      dims: `${r0.width}×${r0.height}`,
      ratio: storedBytes / photo.buffer.length,
    };
  });
  const shown = series[0].runs[0].dimsShown;
  const sizes = new Set(series.flatMap((s) => s.runs.map((r) => r.storedBytes)));
  return {
    title: `12 MP photo → stored attachment (${chromium.device})`,
    columns: [
      { key: 'cpu', label: 'CPU' },
      { key: 'n', label: 'Runs', align: 'right', format: int },
      { key: 'p50', label: 'Pick → stored p50', align: 'right', format: ms },
      { key: 'max', label: 'Max', align: 'right', format: ms },
      { key: 'listed', label: 'Pick → listed, p50 (probe)', align: 'right', format: ms },
      { key: 'stored', label: 'Stored', align: 'right', format: bytes },
      { key: 'dims', label: 'Stored size', align: 'right' },
      { key: 'ratio', label: 'Of the original', align: 'right', format: percent },
    ],
    rows,
    notes: [
      `Original: a ${photo.width}×${photo.height} (12 MP) JPEG of ${bytes(photo.buffer.length)} (${photo.buffer.length.toLocaleString('en')} bytes), drawn by Chromium (a paper-coloured page with lines of text and ±10 sensor-like noise on every pixel, quality 0.92, so it has a phone photo's size); picked with \`setInputFiles\` on the “${SLOT}” slot of a new ${CODE} draft (\`?bench\`).`,
      `Pick → stored: the app's \`${MEASURE}\` measure, from the start of its handling of the picked file to the commit of the IndexedDB transaction: kind and count checks, decode (\`createImageBitmap\`, EXIF orientation applied), downscale to the long edge (OffscreenCanvas), JPEG encode, size check, put. Pick → listed: probe from the input's \`change\` event to the frame after the file's name appears in the slot's list. ${ctx.runs} runs per CPU setting, each a fresh browser context; network not throttled.`,
      `Stored: the attachment record's \`size\` in IndexedDB${sizes.size > 1 ? ' (median; it varied between runs)' : ''}; the slot shows “${shown}”.`,
    ],
    data: { original: { bytes: photo.buffer.length, width: photo.width, height: photo.height }, series },
  };
}

const round = (x) => (x == null ? null : Math.round(x * 10) / 10);
