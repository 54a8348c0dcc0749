// Page-level helpers for browser suites: a throttled page with a CDP session,
// a per-page network tracker, and waits that do not poll the page's main
// thread (Playwright's own polling would compete with the app on a throttled CPU).
import { applyConditions } from './throttle.mjs';

/** The mark and attribute src/ready.rs sets once the procedure list is usable. */
export const READY_MARK = 'tokhai:interactive';

/**
 * Records the page's requests through CDP `Network.*` events (Network.enable
 * is sent by applyConditions). `bytes` sums `encodedDataLength` of
 * `Network.loadingFinished`: bytes as received, headers included; 0 for
 * responses from the HTTP cache. Request start/end times are ms after the
 * first request of the page (the navigation), from CDP's monotonic clock.
 */
export function trackNetwork(cdp) {
  const byId = new Map();
  const inflight = new Set();
  let bytes = 0;
  let lastChange = Date.now();
  let t0 = null; // CDP monotonic seconds of the first request (the navigation)
  const at = (ts) => Math.round((ts - t0) * 1000);
  const touch = () => (lastChange = Date.now());
  cdp.on('Network.requestWillBeSent', (e) => {
    t0 ??= e.timestamp;
    if (!byId.has(e.requestId)) byId.set(e.requestId, { url: e.request.url, type: e.type, status: null, bytes: 0, cache: null, startMs: at(e.timestamp), endMs: null });
    inflight.add(e.requestId);
    touch();
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.cache = 'memory';
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    // A worker's answer first: Chromium may flag it fromDiskCache too.
    if (e.response.fromServiceWorker) {
      r.cache = 'service-worker';
      r.swSource = e.response.serviceWorkerResponseSource ?? null; // cache-storage, http-cache, network, fallback-code
    } else if (e.response.fromDiskCache) r.cache = 'disk';
    else if (e.response.fromPrefetchCache) r.cache = 'prefetch';
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (r) {
      r.bytes = e.encodedDataLength;
      r.endMs = at(e.timestamp);
    }
    bytes += e.encodedDataLength;
    inflight.delete(e.requestId);
    touch();
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = byId.get(e.requestId);
    if (r) {
      r.failed = e.errorText;
      r.endMs = at(e.timestamp);
    }
    inflight.delete(e.requestId);
    touch();
  });
  return {
    get bytes() {
      return bytes;
    },
    get requests() {
      return byId.size;
    },
    /** Per-request detail, URLs relative to `base` when given. */
    list(base) {
      return [...byId.values()].map((r) => ({ ...r, url: base && r.url.startsWith(base) ? r.url.slice(base.length) || '/' : r.url }));
    },
    /** Resolves once no request has been in flight for `quietMs` (gives up after `timeoutMs`). */
    async idle(quietMs = 500, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (inflight.size === 0 && Date.now() - lastChange >= quietMs) return true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    },
  };
}

/**
 * A new page in `context` with a CDP session and the given conditions
 * (see throttle.mjs) applied before anything loads. Collects page errors.
 */
export async function throttledPage(context, conditions) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  const cdp = await context.newCDPSession(page);
  const network = trackNetwork(cdp);
  if (conditions) await applyConditions(cdp, conditions);
  return { page, cdp, network, errors };
}

/**
 * Waits in the page for the performance mark `name` (a PerformanceObserver, no
 * polling) and returns its startTime: ms since the navigation started.
 */
export async function waitForMark(page, name, timeoutMs) {
  const t = await page.evaluate(
    ({ name, timeoutMs }) =>
      new Promise((resolve) => {
        const find = () => performance.getEntriesByName(name, 'mark')[0]?.startTime;
        if (find() !== undefined) return resolve(find());
        const obs = new PerformanceObserver(() => {
          if (find() !== undefined) {
            obs.disconnect();
            resolve(find());
          }
        });
        obs.observe({ type: 'mark', buffered: true });
        setTimeout(() => {
          obs.disconnect();
          resolve(find() ?? null);
        }, timeoutMs);
      }),
    { name, timeoutMs },
  );
  if (t == null) throw new Error(`no "${name}" mark within ${timeoutMs / 1000} s`);
  return t;
}

/**
 * Navigates a fresh throttled page to `url` and measures the time to
 * interactive. Returns { page, network, errors, tti, bytesAtInteractive, ready }.
 * The page stays open: the caller settles and closes it.
 */
export async function measureVisit(context, url, { conditions, timeoutMs = 120_000 }) {
  const v = await throttledPage(context, conditions);
  try {
    await v.page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    const tti = await waitForMark(v.page, READY_MARK, timeoutMs);
    const bytesAtInteractive = v.network.bytes;
    const ready = await v.page.evaluate(() => document.documentElement.dataset.ready === 'true');
    return { ...v, tti, bytesAtInteractive, ready };
  } catch (err) {
    const detail = v.errors.length ? `\n  ${v.errors.slice(0, 5).join('\n  ')}` : '';
    await v.page.close().catch(() => {});
    err.message += detail;
    throw err;
  }
}

/**
 * True once some IndexedDB database of the page's origin has a non-empty
 * object store `store`; polls from Node (one short evaluate every 250 ms).
 */
export async function waitForIndexedDbStore(page, store, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await page.evaluate(async (store) => {
      const req = (r) => new Promise((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
      for (const { name } of await indexedDB.databases()) {
        const open = indexedDB.open(name);
        // It exists, so no upgrade should happen; if it was deleted meanwhile, do not create it.
        open.onupgradeneeded = () => open.transaction.abort();
        const db = await req(open).catch(() => null);
        if (!db) continue;
        try {
          if (db.objectStoreNames.contains(store) && (await req(db.transaction(store).objectStore(store).count())) > 0) return true;
        } finally {
          db.close();
        }
      }
      return false;
    }, store);
    if (found) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}
