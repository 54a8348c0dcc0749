// Offline reload to interactive: after one online visit (the service worker
// installed and in control, the catalog saved in IndexedDB), the network is
// cut (`context.setOffline(true)`) and a new CPU-throttled page opens `/`.
// The figure is the app's `tokhai:interactive` mark. A counting proxy in front
// of the portal tells what still reached the network; the page's CDP events
// tell what the service worker served. For reference, the same reload online.
import { countingProxy, waitForServiceWorker } from '../lib/app.mjs';
import { trackNetwork, waitForIndexedDbStore, waitForMark, READY_MARK } from '../lib/page.mjs';
import { summary } from '../lib/stats.mjs';
import { int, ms } from '../lib/format.mjs';

export const name = 'offline';
export const description = 'offline reload to interactive (service worker, IndexedDB catalog), CPU throttled';

/** A page with a CDP session: CPU throttled, network events recorded, network conditions left to the context. */
async function cpuPage(context, cpuRate) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const cdp = await context.newCDPSession(page);
  const network = trackNetwork(cdp);
  await cdp.send('Network.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  return { page, cdp, network, errors };
}

/**
 * Stops the context's service workers (as when the citizen comes back later:
 * the browser has stopped the idle worker), from a blank page's CDP session.
 * Returns the workers' running status reported after the stop.
 */
async function stopWorkers(context) {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    const versions = new Map();
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => e.versions.forEach((v) => versions.set(v.versionId, v.runningStatus)));
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.waitForTimeout(300);
    return [...versions.values()];
  } finally {
    await page.close();
  }
}

/** Opens `url` in a new throttled page and takes its figures; the page is closed. */
async function reload(context, proxy, url, cpuRate) {
  const v = await cpuPage(context, cpuRate);
  const from = proxy.requests.length;
  try {
    await v.page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    const tti = await waitForMark(v.page, READY_MARK, 120_000);
    const listed = await v.page.locator('li.procedure-card').count();
    await v.network.idle(1000, 30_000);
    const requests = v.network.list(proxy.url);
    const row = {
      tti: round(tti),
      requests: requests.length,
      fromServiceWorker: requests.filter((r) => r.cache === 'service-worker').length,
      fromHttpCache: requests.filter((r) => r.cache === 'disk' || r.cache === 'memory').length,
      failed: requests.filter((r) => r.failed).length,
      // What reached the portal during the visit (the page's and the service worker's requests alike).
      reachedNetwork: proxy.requests.length - from,
      network: proxy.requests.slice(from).map((r) => `${r.method} ${r.path}`),
      failedList: requests.filter((r) => r.failed).map((r) => `${r.url} (${r.failed})`),
      listed,
      errors: v.errors,
      requestList: requests,
    };
    return row;
  } finally {
    await v.page.close();
  }
}

export async function run(ctx) {
  const portal = await ctx.portal();
  const proxy = await countingProxy(portal.url);
  const chromium = await ctx.browser();
  const cpuRate = ctx.conditions.cpuRate;
  const url = `${proxy.url}/?bench`;
  const runs = [];
  try {
    for (let i = 1; i <= ctx.runs; i++) {
      const context = await chromium.newContext();
      try {
        // The online visit that installs everything.
        const first = await cpuPage(context, 1);
        await first.page.goto(url, { waitUntil: 'commit' });
        await waitForMark(first.page, READY_MARK, 120_000);
        await waitForServiceWorker(first.page);
        const saved = await waitForIndexedDbStore(first.page, 'catalog', 60_000);
        if (!saved) throw new Error('the catalog was not saved in IndexedDB after the online visit');
        await first.network.idle(1000, 60_000);
        const shell = await first.page.evaluate(async () => {
          const keys = await caches.keys();
          let files = 0;
          for (const k of keys) files += (await (await caches.open(k)).keys()).length;
          return { caches: keys, files };
        });
        await first.page.close();

        // Offline first (Playwright's setOffline hangs if workers were stopped through CDP before it).
        await context.setOffline(true);
        const stoppedOffline = await stopWorkers(context);
        const offline = await reload(context, proxy, url, cpuRate);
        await context.setOffline(false);
        const stoppedOnline = await stopWorkers(context);
        const online = await reload(context, proxy, url, cpuRate);
        const run = { run: i, shell, workers: { beforeOffline: stoppedOffline, beforeOnline: stoppedOnline }, offline, online };
        runs.push(run);
        ctx.progress(
          `offline ${i}/${ctx.runs}: offline reload ${ms(offline.tti)} (${offline.fromServiceWorker}/${offline.requests} from the service worker, ` +
            `${offline.reachedNetwork} reached the network, ${offline.failed} failed), online reload ${ms(online.tti)}`,
        );
        if (offline.reachedNetwork) ctx.warn(`offline: ${offline.reachedNetwork} request(s) reached the network while offline: ${offline.network.join(', ')}`);
        for (const e of [...offline.errors, ...online.errors].slice(0, 3)) ctx.warn(`offline: page error: ${e}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await proxy.stop();
  }

  const row = (label, key) => {
    const tti = summary(runs.map((r) => r[key].tti));
    const med = (k) => summary(runs.map((r) => r[key][k])).median;
    return { visit: label, median: tti.median, min: tti.min, max: tti.max, requests: med('requests'), sw: med('fromServiceWorker'), network: med('reachedNetwork'), failed: med('failed') };
  };
  const failedUrls = [...new Set(runs.flatMap((r) => r.offline.failedList.map((f) => f.replace(/ \(.*\)$/, ''))))];
  return {
    title: `Offline reload to interactive (CPU ${cpuRate}× slower, ${chromium.device})`,
    columns: [
      { key: 'visit', label: 'Reload' },
      { key: 'median', label: 'Median TTI', align: 'right', format: ms },
      { key: 'min', label: 'Min', align: 'right', format: ms },
      { key: 'max', label: 'Max', align: 'right', format: ms },
      { key: 'requests', label: 'Requests', align: 'right', format: int },
      { key: 'sw', label: 'From service worker', align: 'right', format: int },
      { key: 'network', label: 'Reached the network', align: 'right', format: int },
      { key: 'failed', label: 'Failed', align: 'right', format: int },
    ],
    rows: [row('Offline (`context.setOffline(true)`)', 'offline'), row('Online, for reference', 'online')],
    notes: [
      `CPU ${cpuRate === 1 ? 'not throttled' : `${cpuRate}× slower (\`Emulation.setCPUThrottlingRate\`)`}, no network throttling; headless Chromium ${chromium.version} emulating a ${chromium.device}; ${ctx.runs} runs, each a fresh browser context; median, min and max.`,
      `Each run: one online visit to \`/?bench\` (not throttled) until the service worker controls the page and the catalog is in IndexedDB (${runs[0]?.shell.files ?? '?'} files in the shell cache); the worker is then stopped (\`ServiceWorker.stopAllWorkers\`), as when the citizen comes back later, the network is cut and a new throttled tab opens \`/?bench\`. TTI: the \`${READY_MARK}\` mark (procedure list on screen), ms since navigation start. The reference row is the same reload with the network back on.`,
      `Reached the network: requests that arrived at a counting proxy between Chromium and the portal during the visit (the page's and the service worker's). From service worker: responses the page got from the worker (CDP \`fromServiceWorker\`). Failed: requests that failed for want of a network${failedUrls.length ? ` (${failedUrls.join(', ')}: the app asks, and keeps what it has)` : ''}. Online, the portal also gets the navigation request itself: Chromium sends it while it starts the stopped worker (its automatic navigation preload; the page uses the worker's answer), and the catalog check (\`/api/catalog\`, 304).`,
    ],
    data: { runs },
  };
}

const round = (x) => (x == null ? null : Math.round(x * 10) / 10);
