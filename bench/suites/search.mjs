// Catalog search per keystroke over a generated catalog of 6,000 procedures,
// on a CPU-throttled phone: the app's own `tokhai:search` measure (input
// handler start → microtask after the list and count are updated in the DOM,
// src/pages/catalog.rs), for every character of a few realistic queries typed
// 150 ms apart; plus the time from the list being ready (`tokhai:interactive`)
// to the first search result, which includes building the search index.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../lib/cleanup.mjs';
import { writeSearchCatalog } from '../lib/gen-catalog.mjs';
import { throttledPage, waitForMark, waitForIndexedDbStore, READY_MARK } from '../lib/page.mjs';
import { cpuOnly, frames, installInputProbe, interactionConditions, readInputProbe, readMeasures, waitForMeasures } from '../lib/interaction.mjs';
import { distribution, median } from '../lib/stats.mjs';
import { int, ms, msFine } from '../lib/format.mjs';

export const name = 'search';
export const description = 'catalog search per keystroke, 6,000 procedures, CPU throttled';

const COUNT = 6000;
const SEED = 1;
const KEY_DELAY = 150;
const MEASURE = 'tokhai:search';
/** Typed one character at a time, the box cleared (with its "Xoá" button) in between. */
export const QUERIES = ['dang ky khai sinh', 'cấp giấy phép xây dựng', '1.0012', 'đăng ký tàu bay'];
/** Typed by the page itself the moment the list is ready (see firstResultProbe). */
const FIRST_CHAR = 'd';

/**
 * Types FIRST_CHAR into the search box from a PerformanceObserver callback as
 * soon as the `tokhai:interactive` mark exists: the first search then either
 * builds the index itself or waits for the build the app starts after that
 * frame; either way, ready → end of that search covers the build.
 */
async function firstResultProbe(page) {
  await page.addInitScript(
    ({ mark, ch }) => {
      const obs = new PerformanceObserver(() => {
        if (!performance.getEntriesByName(mark, 'mark').length) return;
        obs.disconnect();
        const input = document.getElementById('catalog-q');
        if (!input) return;
        input.value = ch;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      obs.observe({ type: 'mark' });
    },
    { mark: READY_MARK, ch: FIRST_CHAR },
  );
}

/** "1.234 thủ tục" → 1234; "Không tìm thấy…" → 0. */
const parseCount = (text) => {
  const m = /([\d.,]+)\s*(thủ tục|procedures?)/.exec(text ?? '');
  return m ? Number(m[1].replace(/[.,]/g, '')) : 0;
};

async function clearSearch(page) {
  const clear = page.locator('button.search-clear');
  if (await clear.isVisible()) await clear.click();
  await frames(page, 2);
}

export async function run(ctx) {
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-bench-search-'));
  const unregister = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const t0 = performance.now();
  const generated = writeSearchCatalog(dir, { count: COUNT, seed: SEED });
  ctx.progress(`search: generated ${generated.count} procedures in ${Math.round(performance.now() - t0)} ms`);
  const portal = await ctx.startPortal({ catalog: dir });
  const catalogBytes = await fetch(`${portal.url}/api/catalog`).then((r) => r.arrayBuffer()).then((b) => b.byteLength);
  const chromium = await ctx.browser();
  const conditions = interactionConditions(ctx);
  const runs = [];
  try {
    for (let i = 1; i <= ctx.runs; i++) {
      const context = await chromium.newContext();
      try {
        const v = await throttledPage(context, conditions);
        const { page } = v;
        await installInputProbe(page);
        await firstResultProbe(page);
        await page.goto(`${portal.url}/?bench`, { waitUntil: 'commit' });
        const ready = await waitForMark(page, READY_MARK, 300_000);
        if ((await waitForMeasures(page, MEASURE, 1, 120_000)) < 1) throw new Error('no tokhai:search measure after the first character: is dist/ built with the bench marks?');
        const [first] = await readMeasures(page, MEASURE);
        await clearSearch(page);
        // With the box empty the count is the whole (browsable) catalog.
        const listed = parseCount(await page.locator('.result-count').textContent());

        // Let the first visit finish (the catalog written to IndexedDB) so the
        // keystrokes do not compete with it.
        await v.network.idle(500, 120_000);
        const saved = await waitForIndexedDbStore(page, 'catalog', 120_000);
        if (!saved) ctx.warn('search: the catalog was not in IndexedDB 120 s after the first visit; keystrokes may compete with its write');
        await page.waitForTimeout(1000);

        const queries = [];
        for (const q of QUERIES) {
          const before = (await readMeasures(page, MEASURE)).length;
          const probeFrom = (await readInputProbe(page)).length;
          await page.locator('#catalog-q').click();
          await page.keyboard.type(q, { delay: KEY_DELAY });
          const chars = [...q].length;
          const got = await waitForMeasures(page, MEASURE, before + chars, 60_000);
          await frames(page, 2);
          const count = parseCount(await page.locator('.result-count').textContent());
          const measures = (await readMeasures(page, MEASURE)).slice(before);
          const probe = (await readInputProbe(page, probeFrom)).filter((r) => r.id === 'catalog-q');
          if (got < before + chars) ctx.warn(`search: "${q}": ${got - before} measures for ${chars} characters`);
          queries.push({ query: q, results: count, keystrokes: measures.map((m) => round(m.duration)), toFrame: probe.map((r) => round(r.toFrame)) });
          await clearSearch(page);
        }
        const run = {
          run: i,
          tti: round(ready),
          listed,
          firstSearch: round(first.duration),
          readyToFirstResult: round(first.start + first.duration - ready),
          queries,
          errors: v.errors,
        };
        runs.push(run);
        const all = queries.flatMap((q) => q.keystrokes);
        ctx.progress(
          `search ${i}/${ctx.runs}: ready ${ms(run.tti)}, ready → first result ${ms(run.readyToFirstResult)}, ` +
            `keystroke p50 ${msFine(median(all))} (${all.length} keys), "${QUERIES[0]}" → ${queries[0].results} results`,
        );
        if (v.errors.length) ctx.warn(`search: page errors: ${v.errors.slice(0, 3).join(' | ')}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await portal.stop();
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }

  const keys = runs.flatMap((r) => r.queries.flatMap((q) => q.keystrokes));
  const frameLat = runs.flatMap((r) => r.queries.flatMap((q) => q.toFrame));
  const perQuery = QUERIES.map((q, j) => runs.flatMap((r) => r.queries[j].keystrokes));
  const row = (what, xs, extra = {}) => ({ what, ...distribution(xs), ...extra });
  const results = (j) => runs.map((r) => r.queries[j].results);
  const rows = [
    row('Keystroke → results in the DOM (all queries)', keys, { $total: true, results: null }),
    ...QUERIES.map((q, j) => row(`  “${q}”`, perQuery[j], { results: median(results(j)) })),
    row('Keystroke → next frame (input event to rAF)', frameLat, { results: null }),
    row('List ready → first result (incl. index build)', runs.map((r) => r.readyToFirstResult), { results: null }),
  ];
  const listed = runs[0]?.listed;
  if (listed !== COUNT) ctx.warn(`search: the list showed ${listed} procedures, expected ${COUNT} (broken procedures in the generated catalog?)`);

  return {
    title: `Catalog search, ${COUNT.toLocaleString('en')} procedures (CPU ${conditions.cpuRate}× slower, ${chromium.device})`,
    columns: [
      { key: 'what', label: 'Measure' },
      { key: 'n', label: 'Samples', align: 'right', format: int },
      { key: 'p50', label: 'p50', align: 'right', format: msFine },
      { key: 'p95', label: 'p95', align: 'right', format: msFine },
      { key: 'max', label: 'Max', align: 'right', format: msFine },
      { key: 'results', label: 'Results', align: 'right', format: (v) => (v == null ? '' : int(v)) },
    ],
    rows,
    notes: [
      `${cpuOnly(conditions)}; headless Chromium ${chromium.version} emulating a ${chromium.device}; ${ctx.runs} runs, each in a fresh browser context.`,
      `Catalog: ${COUNT.toLocaleString('en')} generated procedures (bench/lib/gen-catalog.mjs, seed ${SEED}: 15 fields of work, names from action × object × qualifier × applicant, small valid forms), ${(catalogBytes / 2 ** 20).toFixed(1)} MiB of JSON from \`/api/catalog\`; the list showed ${listed?.toLocaleString('en') ?? '?'} procedures.`,
      `Keystroke: the app's \`tokhai:search\` measure (page opened with \`?bench\`): from the search box's input handler to a microtask after the query was folded, the index searched and the list and count updated in the DOM; style, layout and paint not included. Queries typed one character every ${KEY_DELAY} ms after the catalog was saved to IndexedDB, the box cleared between queries; Results: procedures found for the whole query.`,
      'Next frame: an independent probe, from the input event\'s timestamp to the next `requestAnimationFrame` callback (includes any wait in the queue).',
      `Ready → first result: from the \`${READY_MARK}\` mark (list on screen) to the end of a search for "${FIRST_CHAR}" typed at that moment by the page; it includes building the search index (the app builds it right after that frame, or the search builds it) and the first search; one sample per run.`,
    ],
    data: { count: COUNT, seed: SEED, catalogBytes, keyDelay: KEY_DELAY, queries: QUERIES, runs },
  };
}

const round = (x) => (x == null ? null : Math.round(x * 100) / 100);
