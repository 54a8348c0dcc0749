// Autosave latency on a CPU-throttled phone: typing in bursts into a draft
// (10 characters 80 ms apart, then 800 ms of pause, 20 times), on a sample
// procedure's draft and on the generated 1,000-field form. The app's
// `tokhai:autosave` measure runs from the first unsaved change to the commit
// of the IndexedDB transaction that leaves nothing unsaved (src/autosave.rs);
// probes in the page add, per keystroke, the time until a save that includes
// it has committed, and per save the IndexedDB transaction alone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../lib/cleanup.mjs';
import { writeFormsCatalog } from '../lib/gen-catalog.mjs';
import { throttledPage } from '../lib/page.mjs';
import { installIdbProbe, installInputTimes, openNewDraft, readIdbProbe, readInputTimes, setDraftData } from '../lib/app.mjs';
import { cpuOnly, frames, latencyColumns, interactionConditions, readMeasures, waitForMeasures } from '../lib/interaction.mjs';
import { distribution, median } from '../lib/stats.mjs';
import { bytes, ms, msFine } from '../lib/format.mjs';

export const name = 'autosave';
export const description = 'autosave latency while typing in bursts, sample draft and 1,000-field draft, CPU throttled';

const MEASURE = 'tokhai:autosave';
const BURSTS = 20;
const BURST = 'Nguyễn Văn'; // 10 characters
const KEY_DELAY = 80;
const PAUSE = 800;
/** The app's promise (src/autosave.rs DELAY_MS): a change is saved at most this long after it is made. */
const DELAY_MS = 200;

/**
 * Types BURSTS bursts into `field`: odd bursts type BURST, even bursts delete
 * it again with Backspace (10 edits each way), so the value never outgrows the
 * field's limits. Returns the page-clock time typing started.
 */
async function typeBursts(page, field) {
  await field.click();
  await field.fill('');
  await page.waitForTimeout(PAUSE);
  const t0 = await page.evaluate(() => performance.now());
  for (let b = 0; b < BURSTS; b++) {
    if (b % 2 === 0) await page.keyboard.type(BURST, { delay: KEY_DELAY });
    else {
      for (let k = 0; k < [...BURST].length; k++) {
        await page.keyboard.press('Backspace');
        if (k < [...BURST].length - 1) await page.waitForTimeout(KEY_DELAY);
      }
    }
    await page.waitForTimeout(PAUSE);
  }
  return t0;
}

/**
 * Per keystroke of `fieldId` typed after t0: from the input event's timeStamp
 * to the commit of the first drafts put issued after its listener ran (that
 * save's snapshot includes it). Also the saves themselves.
 */
function analyse(inputs, puts, dirtyMarks, t0, fieldId) {
  const keys = inputs.filter((k) => k.id === fieldId && k.dispatched >= t0);
  const saves = puts.filter((p) => p.at >= t0);
  const toCommit = [];
  let unsaved = 0;
  for (const k of keys) {
    const save = saves.find((p) => p.at >= k.dispatched && p.committed != null);
    if (save) toCommit.push(save.committed - k.t0);
    else unsaved++;
  }
  // First unsaved change (the app's mark) → the put of the save it started (timer, snapshot, serialisation, waits).
  const toPut = [];
  for (const d of dirtyMarks.filter((m) => m >= t0)) {
    const save = saves.find((p) => p.at >= d);
    if (save) toPut.push(save.at - d);
  }
  return {
    keys: keys.length,
    toPut: toPut.map(round),
    unsaved,
    toCommit: toCommit.map(round),
    saveTx: saves.filter((p) => p.committed != null).map((p) => round(p.committed - p.at)),
    saves: saves.length,
    bodyBytes: median(saves.map((p) => p.bodyBytes)),
  };
}

async function measureForm(ctx, chromium, base, conditions, form) {
  const runs = [];
  for (let i = 1; i <= ctx.runs; i++) {
    const context = await chromium.newContext();
    try {
      const v = await throttledPage(context, conditions);
      await installIdbProbe(v.page);
      await installInputTimes(v.page);
      const id = await openNewDraft(ctx, v, base, form.code);
      const { page } = v;
      // A nearly complete draft: the procedure's complete example, then the page reopened on it.
      await setDraftData(page, id, form.example);
      await page.goto(`${base}/ho-so/${id}?buoc=1&bench`, { waitUntil: 'commit' });
      await page.locator('form.form').first().waitFor({ state: 'attached', timeout: 300_000 });
      if ((await waitForMeasures(page, 'tokhai:form-render', 1, 300_000)) < 1) throw new Error(`${form.code}: the filled draft did not render`);
      await frames(page, 2);
      await page.waitForTimeout(1000);
      const field = form.field(page);
      const fieldId = await field.getAttribute('id');
      const before = (await readMeasures(page, MEASURE)).length;
      const t0 = await typeBursts(page, field);
      // The last burst's save: the pause after it is longer than the autosave delay, but wait for it anyway.
      await waitForMeasures(page, MEASURE, before + 1, 30_000);
      await page.waitForTimeout(1000);
      const measures = (await readMeasures(page, MEASURE)).filter((m) => m.start >= t0 - 1).map((m) => round(m.duration));
      const dirty = await page.evaluate(() => performance.getEntriesByName('tokhai:autosave:dirty', 'mark').map((m) => m.startTime));
      const probe = analyse(await readInputTimes(page), await readIdbProbe(page, 'drafts'), dirty, t0, fieldId);
      const run = { run: i, measures, ...probe, errors: v.errors };
      runs.push(run);
      ctx.progress(
        `autosave ${form.label} ${i}/${ctx.runs}: ${measures.length} autosave measures p50 ${ms(median(measures))}, ` +
          `${probe.saves} saves (transaction p50 ${msFine(median(probe.saveTx))}, ${bytes(probe.bodyBytes)} of JSON), keystroke → committed p50 ${ms(median(probe.toCommit))}`,
      );
      if (measures.length < BURSTS) ctx.warn(`autosave: ${form.label}: ${measures.length} autosave measures for ${BURSTS} bursts`);
      if (probe.unsaved) ctx.warn(`autosave: ${form.label}: ${probe.unsaved} keystrokes were never followed by a committed save`);
      if (v.errors.length) ctx.warn(`autosave: ${form.label}: page errors: ${v.errors.slice(0, 3).join(' | ')}`);
    } finally {
      await context.close();
    }
  }
  return runs;
}

export async function run(ctx) {
  const chromium = await ctx.browser();
  const conditions = interactionConditions(ctx);
  const sample = await ctx.portal();
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-bench-autosave-'));
  const unregister = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const generated = writeFormsCatalog(dir, { fields: 1000, items: 100 });
  const example = (catalog, code) => JSON.parse(readFileSync(join(catalog, 'examples', `${code}.json`), 'utf8'));
  const forms = [
    { label: '1.001193 Đăng ký khai sinh', code: '1.001193', example: example(ctx.catalog, '1.001193'), field: (p) => p.getByLabel('Họ và tên của bé') },
    { label: `${generated.big.code}, ${generated.big.fields.toLocaleString('en')} fields (generated)`, code: generated.big.code, example: example(dir, generated.big.code), field: (p) => p.locator('#f-phan01-hoTen') },
  ];
  const results = [];
  try {
    results.push({ ...forms[0], runs: await measureForm(ctx, chromium, sample.url, conditions, forms[0]) });
    const big = await ctx.startPortal({ catalog: dir });
    try {
      results.push({ ...forms[1], runs: await measureForm(ctx, chromium, big.url, conditions, forms[1]) });
    } finally {
      await big.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }

  const rows = [];
  for (const f of results) {
    const all = (k) => f.runs.flatMap((r) => r[k]);
    const draftSize = median(f.runs.map((r) => r.bodyBytes));
    const savesPerBurst = median(f.runs.map((r) => r.saves / BURSTS));
    rows.push(
      { form: f.label, what: 'First unsaved change → committed (`tokhai:autosave`)', ...distribution(all('measures')), note: `${bytes(draftSize)} of draft JSON` },
      { form: '', what: '  keystroke → a save including it committed (probe)', ...distribution(all('toCommit')), note: '' },
      { form: '', what: `  first change → put issued (${DELAY_MS} ms timer, snapshot)`, ...distribution(all('toPut')), note: '' },
      { form: '', what: '  put → transaction committed (probe)', ...distribution(all('saveTx')), note: `${savesPerBurst?.toFixed(1)} saves per burst` },
    );
  }

  return {
    title: `Autosave while typing (CPU ${conditions.cpuRate}× slower, ${chromium.device})`,
    columns: latencyColumns('Draft'),
    rows,
    notes: [
      `${cpuOnly(conditions)}; headless Chromium ${chromium.version} emulating a ${chromium.device}; ${ctx.runs} runs per draft, each a fresh browser context on a new draft (\`/thu-tuc/<code>/to-khai?bench\`).`,
      `Typing: ${BURSTS} bursts of ${[...BURST].length} edits ${KEY_DELAY} ms apart into the first name field (“${BURST}” typed, then deleted with Backspace, alternately), each followed by ${PAUSE} ms without typing. The 1,000-field form is bench/lib/gen-catalog.mjs's (as in the forms suite).`,
      `\`tokhai:autosave\`: the app's measure, from its mark at the first change not yet saved (which starts a ${DELAY_MS} ms timer) to the commit of the save after which nothing is unsaved: ${DELAY_MS} ms + building the draft from the screen and serialising it + the IndexedDB transaction + any wait for a busy main thread. Typing goes on during a save, so the app saves ~every ${DELAY_MS} ms of a burst; when a keystroke lands while a save is in flight, the measure runs on to the next save (the max). Drafts: a new draft of the procedure, its data replaced in IndexedDB by the procedure's complete example (\`catalog/examples/\`, the generated form's own), then reopened, so the draft is full-sized; the typed field is emptied first.`,
      `Keystroke → committed (probe, the durability figure): from the input event's timestamp to the \`complete\` event of the first IndexedDB transaction writing the draft that was started after the keystroke was handled. First change → put: from the app's \`tokhai:autosave:dirty\` mark to the \`put\` of the save it scheduled. Put → committed: the draft write's transaction alone. Probes: \`IDBObjectStore.prototype.put\` and an input listener, installed before the app loads.`,
    ],
    data: { bursts: BURSTS, burst: BURST, keyDelay: KEY_DELAY, pause: PAUSE, forms: results.map(({ field, example, ...f }) => f) },
  };
}

const round = (x) => (x == null ? null : Math.round(x * 100) / 100);
