// Big forms on a CPU-throttled phone, from a generated catalog: a 1,000-field
// form on one step, and a repeat group that starts with 100 items (5 fields
// each). For each: the render time (the app's `tokhai:form-render` measure) in
// fresh pages, and the keystroke → validate → render latency (`tokhai:keystroke`)
// while every field of the step shows its errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../lib/cleanup.mjs';
import { writeFormsCatalog } from '../lib/gen-catalog.mjs';
import { throttledPage } from '../lib/page.mjs';
import { cpuOnly, frames, latencyColumns, installInputProbe, interactionConditions, readInputProbe, readMeasures, waitForMeasures } from '../lib/interaction.mjs';
import { distribution, median } from '../lib/stats.mjs';
import { ms, msFine } from '../lib/format.mjs';

export const name = 'forms';
export const description = 'render and keystroke latency of a 1,000-field form and a 100-item repeat group, CPU throttled';

const RENDER = 'tokhai:form-render';
const RENDER_START = 'tokhai:form-render:start';
const KEYSTROKE = 'tokhai:keystroke';
const KEY_DELAY = 100;
/** 40 characters typed into a text field near the top (the first of the step). */
export const TYPED = 'Nguyễn Thị Minh Khai, số 12 đường Lê Lợi';

/**
 * Probes, from the page itself: render start → the end of the frame after it
 * (a requestAnimationFrame then a 0 ms timeout, so style, layout and paint of
 * that frame are included), and "Tiếp tục" (submit) → the end of the next frame.
 */
async function installFormProbes(page) {
  await page.addInitScript((startMark) => {
    const probes = { painted: null, submits: [] };
    Object.defineProperty(window, '__benchForm', { value: probes });
    const afterFrame = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));
    const obs = new PerformanceObserver(() => {
      const m = performance.getEntriesByName(startMark, 'mark')[0];
      if (!m) return;
      obs.disconnect();
      afterFrame(() => (probes.painted = performance.now() - m.startTime));
    });
    obs.observe({ type: 'mark' });
    document.addEventListener(
      'submit',
      (e) => {
        const row = { t0: e.timeStamp, painted: null };
        probes.submits.push(row);
        afterFrame(() => (row.painted = performance.now() - row.t0));
      },
      true,
    );
  }, RENDER_START);
}

/** A throttled page with the probes installed, at `url`. */
async function openPage(context, conditions, url) {
  const v = await throttledPage(context, conditions);
  await installInputProbe(v.page);
  await installFormProbes(v.page);
  await v.page.goto(url, { waitUntil: 'commit' });
  return v;
}

/**
 * Opens a new form of `code` with the bench marks on. `/thu-tuc/<code>/to-khai`
 * creates a draft and replaces the URL with `/ho-so/<id>?buoc=1`; when that
 * URL has lost `?bench` (the marks are then off, see src/perf.rs), the draft is
 * opened again in a new page with `&bench` added. Returns the page showing the
 * form with its `tokhai:form-render` measure taken.
 */
async function openForm(ctx, context, conditions, base, code) {
  let v = await openPage(context, conditions, `${base}/thu-tuc/${code}/to-khai?bench`);
  const measured = waitForMeasures(v.page, RENDER, 1, 300_000).catch(() => 0);
  const moved = v.page.waitForURL(/\/ho-so\//, { timeout: 300_000 }).then(() => 'moved', () => null);
  const first = await Promise.race([measured.then((n) => (n ? 'measured' : null)), moved]);
  if (first === 'moved' && !/[?&]bench/.test(v.page.url())) {
    const url = `${v.page.url()}${v.page.url().includes('?') ? '&' : '?'}bench`;
    if (!openForm.warned) {
      openForm.warned = true;
      ctx.warn(`forms: /thu-tuc/<code>/to-khai?bench redirects to ${url.replace(base, '').replace(/\/ho-so\/[^?]+/, '/ho-so/<id>').replace(/[?&]bench$/, '')} without ?bench (perf marks off); the harness reopens the draft with &bench in a new page`);
    }
    await v.page.close();
    v = await openPage(context, conditions, url);
  }
  if ((await waitForMeasures(v.page, RENDER, 1, 300_000)) < 1) throw new Error(`${code}: no ${RENDER} measure: is dist/ built with the bench marks?`);
  return v;
}

/** Types TYPED into `field` (clicked first); the keystroke measures and probe rows of those characters. */
async function typeInto(ctx, page, field, form) {
  const before = (await readMeasures(page, KEYSTROKE)).length;
  const probeFrom = (await readInputProbe(page)).length;
  await field.click();
  await page.keyboard.type(TYPED, { delay: KEY_DELAY });
  const chars = [...TYPED].length;
  const got = await waitForMeasures(page, KEYSTROKE, before + chars, 300_000);
  if (got < before + chars) ctx.warn(`forms: ${form.label}: ${got - before} keystroke measures for ${chars} characters`);
  await frames(page, 2);
  const keystrokes = (await readMeasures(page, KEYSTROKE)).slice(before, before + chars).map((m) => round(m.duration));
  const toFrame = (await readInputProbe(page, probeFrom)).filter((r) => r.id === form.fieldId).map((r) => round(r.toFrame));
  const typed = await field.inputValue();
  if (typed !== TYPED) ctx.warn(`forms: ${form.label}: the field holds "${typed}", expected "${TYPED}"`);
  return { keystrokes, toFrame };
}

async function measureForm(ctx, chromium, portal, conditions, form) {
  const runs = [];
  for (let i = 1; i <= ctx.runs; i++) {
    const context = await chromium.newContext();
    try {
      const v = await openForm(ctx, context, conditions, portal.url, form.code);
      const { page } = v;
      const [render] = await readMeasures(page, RENDER);
      await frames(page, 2);
      const painted = await page.evaluate(() => window.__benchForm.painted);
      const renders = (await readMeasures(page, RENDER)).length;
      const fieldsShown = await page.locator('form.form input, form.form select, form.form textarea').count();

      // Typing before "Tiếp tục": no field shows errors yet.
      const field = page.locator(`#${form.fieldId}`);
      const plain = await typeInto(ctx, page, field, form);
      await field.fill(''); // one more input event, not counted: back to an empty field

      // "Tiếp tục": every field of the (only) step shows its errors from now on.
      await page.locator('form.form button[type=submit]').click();
      await page.locator('div.error-summary').waitFor({ timeout: 120_000 }).catch(() => {});
      await frames(page, 2);
      await page.waitForTimeout(500);
      const submit = await page.evaluate(() => window.__benchForm.submits[0]?.painted ?? null);
      const errorsShown = await page.locator('.error-message').count();

      const shown = await typeInto(ctx, page, field, form);
      const errorsAfter = await page.locator('.error-message').count();
      const { keystrokes, toFrame } = shown;

      const run = { run: i, render: round(render.duration), renderStart: round(render.start), painted: round(painted), renders, fieldsShown, submit: round(submit), errorsShown, errorsAfter, keystrokes, toFrame, plainKeystrokes: plain.keystrokes, plainToFrame: plain.toFrame, errors: v.errors };
      runs.push(run);
      ctx.progress(
        `forms ${form.label} ${i}/${ctx.runs}: render ${ms(run.render)} (painted ${ms(run.painted)}), ${fieldsShown} controls, ` +
          `keystroke p50 ${msFine(median(plain.keystrokes))}; "Tiếp tục" ${ms(run.submit)} → ${errorsShown} errors shown, keystroke p50 ${msFine(median(keystrokes))}`,
      );
      if (v.errors.length) ctx.warn(`forms: ${form.label}: page errors: ${v.errors.slice(0, 3).join(' | ')}`);
    } finally {
      await context.close();
    }
  }
  return runs;
}

export async function run(ctx) {
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-bench-forms-'));
  const unregister = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const generated = writeFormsCatalog(dir, { fields: 1000, items: 100 });
  const forms = [
    { label: '1,000 fields, one step', code: generated.big.code, fields: generated.big.fields, fieldId: 'f-phan01-hoTen', field: '/phan01/hoTen (1st field)' },
    { label: `repeat group, ${generated.repeat.items} items × 5 fields`, code: generated.repeat.code, fields: generated.repeat.fields, fieldId: 'f-thanhVien-0-hoTen', field: '/thanhVien/0/hoTen (1st field)' },
  ];
  const portal = await ctx.startPortal({ catalog: dir });
  const chromium = await ctx.browser();
  const conditions = interactionConditions(ctx);
  const results = [];
  try {
    for (const form of forms) results.push({ ...form, runs: await measureForm(ctx, chromium, portal, conditions, form) });
  } finally {
    await portal.stop();
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }

  const rows = [];
  for (const f of results) {
    const dist = (what, xs, extra = {}) => ({ form: '', what, ...distribution(xs), ...extra });
    rows.push(
      dist('Render (form created → next frame)', f.runs.map((r) => r.render), { form: f.label }),
      dist('  render start → frame painted (probe)', f.runs.map((r) => r.painted)),
      dist('“Tiếp tục” → errors painted (probe)', f.runs.map((r) => r.submit), { note: `${median(f.runs.map((r) => r.errorsShown))} errors shown` }),
      dist('Keystroke, no errors shown yet', f.runs.flatMap((r) => r.plainKeystrokes)),
      dist('Keystroke → validated, DOM updated (errors shown)', f.runs.flatMap((r) => r.keystrokes)),
      dist('  keystroke → next frame (probe)', f.runs.flatMap((r) => r.toFrame)),
    );
  }
  for (const f of results) {
    const renders = Math.max(...f.runs.map((r) => r.renders));
    if (renders > 1) ctx.warn(`forms: ${f.label}: the form rendered ${renders} times in one page (a catalog refresh rebuilt it?)`);
  }

  return {
    title: `Big forms: render and keystroke latency (CPU ${conditions.cpuRate}× slower, ${chromium.device})`,
    columns: latencyColumns('Form'),
    rows,
    notes: [
      `${cpuOnly(conditions)}; headless Chromium ${chromium.version} emulating a ${chromium.device}; ${ctx.runs} runs per form, each a fresh browser context opening \`/thu-tuc/<code>/to-khai?bench\`.`,
      `Forms generated by bench/lib/gen-catalog.mjs: ${results[0].fields.toLocaleString('en')} fields on ONE step (50 groups of 20: text, number, date, select, radio, checkbox, CCCD, phone; ~70 % required, patterns and formats); a repeat group with \`minItems: ${generated.repeat.items}\` (the app starts it with ${generated.repeat.items} empty items of text, date, radio, CCCD, select).`,
      'Render: the app\'s `tokhai:form-render` measure, from the creation of the form component to the next animation frame after mount (style and layout of that frame not included); the probe adds that frame\'s style, layout and paint (rAF, then a 0 ms timeout).',
      `Keystroke: the app's \`tokhai:keystroke\` measure, from the text input's handler to a microtask after the reactive updates it triggered (the form's re-check where errors are displayed) and the DOM update; no style or layout. ${[...TYPED].length} characters typed ${KEY_DELAY} ms apart into the first text field of the step, first before anything was submitted (no field shows errors), then, after emptying the field, again after pressing "Tiếp tục" once, so every field shows its errors and each keystroke re-validates the whole form and updates its error messages (the main figure). The probe: input event → next \`requestAnimationFrame\`.`,
    ],
    data: { keyDelay: KEY_DELAY, typed: TYPED, forms: results },
  };
}

const round = (x) => (x == null ? null : Math.round(x * 100) / 100);
