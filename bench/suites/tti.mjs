// Time to interactive of the app served by the portal, on a throttled phone:
// first visit (fresh browser context: empty HTTP cache and storage), then a
// repeat visit in the same context (HTTP cache and the app's IndexedDB copy of
// the catalog in place; later the service worker too).
import { measureVisit, waitForIndexedDbStore, READY_MARK } from '../lib/page.mjs';
import { describeConditions } from '../lib/throttle.mjs';
import { summary } from '../lib/stats.mjs';
import { bytes, ms, int } from '../lib/format.mjs';

export const name = 'tti';
export const description = 'time to interactive, first and repeat visit, throttled';

/** The IndexedDB store the app keeps the catalog in (src/storage/schema.rs). */
const CATALOG_STORE = 'catalog';

export async function run(ctx) {
  const portal = await ctx.portal();
  const chromium = await ctx.browser();
  const conditions = ctx.conditions;
  const url = `${portal.url}/`;
  const runs = [];
  let unsaved = 0;

  for (let i = 1; i <= ctx.runs; i++) {
    const context = await chromium.newContext();
    try {
      const first = await measureVisit(context, url, { conditions });
      // Let the visit finish: the catalog fetch, its IndexedDB write, icons.
      await first.network.idle(500);
      const catalogSaved = await waitForIndexedDbStore(first.page, CATALOG_STORE);
      if (!catalogSaved) unsaved++;
      await first.network.idle(500);
      const firstResult = visitResult(first, portal.url, i === 1);
      await first.page.close();

      // A new tab in the same context: the renderer's memory cache is gone,
      // the HTTP cache and IndexedDB remain — as when the user comes back later.
      const repeat = await measureVisit(context, url, { conditions });
      await repeat.network.idle(500);
      const repeatResult = visitResult(repeat, portal.url, i === 1);
      await repeat.page.close();

      runs.push({ run: i, catalogSaved, first: firstResult, repeat: repeatResult });
      ctx.progress(
        `tti ${i}/${ctx.runs}: first ${ms(firstResult.tti)} (${bytes(firstResult.bytes)}), repeat ${ms(repeatResult.tti)} (${bytes(repeatResult.bytes)})`,
      );
    } finally {
      await context.close();
    }
  }
  if (unsaved) ctx.warn(`tti: in ${unsaved} run(s) no IndexedDB "${CATALOG_STORE}" store had a record after the first visit; the repeat visit then had no saved catalog`);

  const row = (label, key) => {
    const tti = summary(runs.map((r) => r[key].tti));
    return {
      visit: label,
      median: tti.median,
      min: tti.min,
      max: tti.max,
      bytes: summary(runs.map((r) => r[key].bytes)).median,
      requests: summary(runs.map((r) => r[key].requests)).median,
      fromCache: summary(runs.map((r) => r[key].fromCache)).median,
    };
  };
  const rows = [row('First visit (empty cache)', 'first'), row('Repeat visit', 'repeat')];

  return {
    title: `Time to interactive (${conditions.network.label}, CPU ${conditions.cpuRate}× slower, ${chromium.device})`,
    columns: [
      { key: 'visit', label: 'Visit' },
      { key: 'median', label: 'Median TTI', align: 'right', format: ms },
      { key: 'min', label: 'Min', align: 'right', format: ms },
      { key: 'max', label: 'Max', align: 'right', format: ms },
      { key: 'bytes', label: 'Transferred', align: 'right', format: bytes },
      { key: 'requests', label: 'Requests', align: 'right', format: int },
      { key: 'fromCache', label: 'From cache', align: 'right', format: int },
    ],
    rows,
    notes: [
      `${describeConditions(conditions)}; DevTools' presets applied through CDP, headless Chromium ${chromium.version} emulating a ${chromium.device}; portal on 127.0.0.1.`,
      `TTI: \`performance.mark('${READY_MARK}')\` (procedure list on screen), ms since navigation start; median, min and max of ${ctx.runs} runs.`,
      'First visit: fresh browser context. Repeat visit: a new tab in the same context after the first visit finished (HTTP cache and IndexedDB kept).',
      'Transferred: bytes received for the whole visit (CDP `encodedDataLength`, headers included; 0 for cache hits); medians.',
    ],
    data: { url: '/', runs },
  };
}

function visitResult(v, base, detail) {
  const requests = v.network.list(base);
  return {
    tti: round(v.tti),
    ready: v.ready,
    bytesAtInteractive: v.bytesAtInteractive,
    bytes: v.network.bytes,
    requests: requests.length,
    fromCache: requests.filter((r) => r.cache).length,
    errors: v.errors,
    // Per-request detail of the first run only, to keep results.json small.
    ...(detail ? { requestList: requests } : {}),
  };
}

const round = (x) => Math.round(x * 10) / 10;
