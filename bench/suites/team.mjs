// A shared (operator) device at the end of a busy outreach day: 300 drafts
// and 300 bundles waiting in the outbox, the network down. Measures, with the
// CPU throttled, the drafts list (`tokhai:drafts`), the team dashboard
// (`tokhai:dashboard`), the outbox page (navigation → ready), and opening a
// citizen's locked session with the PIN (`tokhai:unlock`: PBKDF2-SHA-256 and
// the check of the key; then until the session's drafts are listed).
//
// The dataset is made once, in one browser context, and every run measures
// fresh navigations in that context: assisted filing turned on in /cai-dat;
// one citizen's session started through the interface, a draft typed into,
// and "Công dân tiếp theo" keeping it locked under the PIN; 300 plain drafts
// written into IndexedDB in the app's stored format; 300 bundles sealed
// natively (core/examples/make_bundles.rs --batch) imported as one batch file
// through the outbox page while `POST /api/bundles` is aborted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../lib/cleanup.mjs';
import { buildCoreExample, idbAll, outboxSummary, runCommand } from '../lib/app.mjs';
import { copyCertificationDrafts, nextCitizen, OPERATOR, putDrafts, setUpOperatorDevice, startSessionDraft } from '../lib/operator.mjs';
import { throttledPage, waitForIndexedDbStore, waitForMark, READY_MARK } from '../lib/page.mjs';
import { frames, waitForMeasures } from '../lib/interaction.mjs';
import { networkPreset } from '../lib/throttle.mjs';
import { distribution, median } from '../lib/stats.mjs';
import { bytes, int, ms, msFine, percent } from '../lib/format.mjs';

export const name = 'team';
export const description = 'operator device with 300 drafts and 300 queued bundles: drafts list, dashboard, outbox, PIN unlock, CPU throttled';

const CODE = '2.000815';
const DRAFTS = 300;
const BUNDLES = 300;
/** The citizen's PIN (`1234` and the like are refused as too easy). Wrong PINs are rate-limited: only this one is typed. */
const PIN = '2580';
const TIMEOUT = 180_000;
const LOCKED_LIST = 'Hồ sơ đã khoá của công dân khác';
/** How long each page is left alone after it is ready, to see what the app does in the background. */
const IDLE_MS = 10_000;

/** The measure's first entry { start, end, duration }, waiting for it in the page (no polling). */
async function firstMeasure(page, measure, timeoutMs = TIMEOUT) {
  if ((await waitForMeasures(page, measure, 1, timeoutMs)) < 1) throw new Error(`no ${measure} measure within ${timeoutMs / 1000} s`);
  return page.evaluate((name) => {
    const m = performance.getEntriesByName(name, 'measure')[0];
    return { start: m.startTime, end: m.startTime + m.duration, duration: m.duration };
  }, measure);
}

/** Sets up the operator device and its data in `context`; returns what the runs need. */
async function seed(ctx, context, base, batch, attempts) {
  const t0 = Date.now();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  try {
    await page.goto(`${base}/`, { waitUntil: 'commit', timeout: TIMEOUT });
    await waitForMark(page, READY_MARK, TIMEOUT);
    // Importing checks each bundle's data against the form: the catalog must be stored first.
    if (!(await waitForIndexedDbStore(page, 'catalog', 60_000))) ctx.warn('team: the catalog was not stored in IndexedDB within 60 s');
    await setUpOperatorDevice(page, base, TIMEOUT);

    // One citizen's session, through the interface, left locked under the PIN.
    const sessionDraft = await startSessionDraft(page, base, CODE, PIN, TIMEOUT);
    await page.getByLabel('Đây là giấy tờ gì?').selectOption({ label: 'Giấy khai sinh' });
    await page.getByLabel('Bản chính có mấy trang?').fill('1');
    await page.getByLabel('Cần bao nhiêu bản sao?').fill('2');
    await page.getByRole('status').filter({ hasText: /Đã lưu lúc/ }).waitFor({ timeout: TIMEOUT });
    await nextCitizen(page, TIMEOUT);

    // 300 drafts in the clear, in the app's stored format.
    const catalog = JSON.parse(readFileSync(join(ctx.catalog, 'catalog.json'), 'utf8'));
    const procedure = JSON.parse(readFileSync(join(ctx.catalog, 'procedures', `${CODE}.json`), 'utf8'));
    const records = copyCertificationDrafts({ count: DRAFTS, code: CODE, catalogVersion: catalog.version, schemaVersion: procedure.schemaVersion });
    await putDrafts(page, records);

    // 300 bundles, one batch file, imported while delivery fails.
    await page.goto(`${base}/hop-thu-di`, { waitUntil: 'commit', timeout: TIMEOUT });
    await waitForMark(page, READY_MARK, TIMEOUT);
    const tImport = Date.now();
    await page.getByLabel('Nhập hồ sơ từ tệp').setInputFiles(batch);
    const notice = (await page.getByRole('status').filter({ hasText: /đã nhập|Không nhập được/ }).first().textContent({ timeout: 10 * 60_000 })).trim();
    const importMs = Date.now() - tImport;
    if (!notice.includes(`đã nhập ${BUNDLES} hồ sơ`)) throw new Error(`the batch was not imported whole: “${notice}”`);

    const stored = await idbAll(page, 'drafts');
    const outbox = await outboxSummary(page);
    const inSession = stored.filter((r) => r.session).length;
    if (stored.length !== DRAFTS + 1 || inSession !== 1) throw new Error(`${stored.length} drafts stored (${inSession} in a session), expected ${DRAFTS} + 1`);
    if (outbox.total !== BUNDLES) throw new Error(`${outbox.total} bundles in the outbox, expected ${BUNDLES}`);
    if (errors.length) ctx.warn(`team: page errors while seeding: ${errors.slice(0, 3).join(' | ')}`);
    return { sessionDraft, importMs, seedMs: Date.now() - t0, draftBytes: median(records.map((r) => r.body.length)), outboxStates: outbox.states, attemptsWhileSeeding: attempts.n };
  } finally {
    await page.close();
  }
}

/** CDP Performance metrics as { name: value } (TaskDuration and Timestamp in seconds). */
async function metrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

const measureCount = (page, name) => page.evaluate((name) => performance.getEntriesByName(name, 'measure').length, name);

/**
 * A fresh page in `context` on `path?bench` under `conditions`: the app's
 * `measure` (first entry) and the ready mark (ms from navigation start), what
 * `count` finds on screen; then IDLE_MS without touching the page: the share
 * of that time the main thread was busy, the delivery attempts made, and how
 * many more `measure`s the app took (each one a reload of the page's data).
 */
async function visit(context, base, path, measure, conditions, attempts, count) {
  const v = await throttledPage(context, conditions);
  await v.cdp.send('Performance.enable');
  const before = attempts.n;
  try {
    await v.page.goto(`${base}${path}?bench`, { waitUntil: 'commit', timeout: TIMEOUT });
    const m = measure ? await firstMeasure(v.page, measure) : null;
    const ready = await waitForMark(v.page, READY_MARK, TIMEOUT);
    await frames(v.page, 1);
    const shown = count ? await v.page.evaluate(count) : null;
    const atReady = attempts.n - before;
    const m0 = await metrics(v.cdp);
    const a0 = attempts.n;
    const r0 = measure ? await measureCount(v.page, measure) : null;
    await v.page.waitForTimeout(IDLE_MS);
    const m1 = await metrics(v.cdp);
    const idle = {
      busy: (m1.TaskDuration - m0.TaskDuration) / (m1.Timestamp - m0.Timestamp || 1),
      attempts: attempts.n - a0,
      reloads: measure ? (await measureCount(v.page, measure)) - r0 : null,
    };
    return { measure: m ? round(m.duration) : null, ready: round(ready), shown, attempts: atReady, idle, errors: pageErrors(v) };
  } finally {
    await v.page.close();
  }
}

/**
 * Opens /ho-so?bench, types the PIN into the locked session and presses "Mở
 * bằng mã PIN". Returns the app's `tokhai:unlock`, and from the click: the
 * start of the unlock (session record read), the end of the next
 * `tokhai:drafts` measure (the list re-read with the session's drafts
 * decrypted, next frame), and the probe (the session's draft link in the DOM,
 * next frame).
 */
async function unlockOnce(context, base, conditions, sessionDraft, attempts) {
  const v = await throttledPage(context, conditions);
  const { page } = v;
  const before = attempts.n;
  try {
    await page.goto(`${base}/ho-so?bench`, { waitUntil: 'commit', timeout: TIMEOUT });
    await firstMeasure(page, 'tokhai:drafts');
    await frames(page, 2);
    await page.waitForTimeout(1000);
    const row = page.getByRole('list', { name: LOCKED_LIST }).getByRole('listitem');
    if ((await row.count()) !== 1) throw new Error(`${await row.count()} locked sessions listed, expected 1`);
    await row.getByLabel('Mã PIN của công dân').fill(PIN);
    const button = row.getByRole('button', { name: 'Mở bằng mã PIN' });
    await button.waitFor();
    // The probe: the click's timestamp, and the first frame after the session's draft is in the list.
    await page.evaluate((href) => {
      const probe = { click: null, shown: null, frame: null };
      Object.defineProperty(window, '__benchUnlock', { value: probe, configurable: true });
      document.addEventListener('click', (e) => (probe.click ??= e.timeStamp), { capture: true, once: true });
      const obs = new MutationObserver(() => {
        if (!document.querySelector(`a[href^="${href}"]`)) return;
        obs.disconnect();
        probe.shown = performance.now();
        requestAnimationFrame(() => setTimeout(() => (probe.frame = performance.now()), 0));
      });
      obs.observe(document.body, { childList: true, subtree: true });
    }, `/ho-so/${sessionDraft}`);
    await button.click();
    const unlock = await firstMeasure(page, 'tokhai:unlock');
    if ((await waitForMeasures(page, 'tokhai:drafts', 2, TIMEOUT)) < 2) throw new Error('the drafts list was not rendered again after the unlock');
    await page.waitForFunction(() => window.__benchUnlock.frame != null, null, { timeout: TIMEOUT, polling: 250 });
    const t = await page.evaluate(() => ({ probe: window.__benchUnlock, lists: performance.getEntriesByName('tokhai:drafts', 'measure').map((m) => m.startTime + m.duration) }));
    const click = t.probe.click;
    const listed = t.lists.find((end) => end > click);
    const problem = await row.getByRole('alert').textContent({ timeout: 50 }).catch(() => null);
    if (problem) throw new Error(`unlocking failed: “${problem.trim()}”`);
    return {
      unlock: round(unlock.duration),
      beforeUnlock: round(unlock.start - click),
      afterUnlock: round(listed - unlock.end),
      listed: round(listed - click),
      probe: round(t.probe.frame - click),
      attempts: attempts.n - before,
      errors: pageErrors(v),
    };
  } finally {
    await page.close();
  }
}

/** The page's errors, less the console lines of the aborted deliveries (expected, and many). */
const pageErrors = (v) => v.errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'));

const countDrafts = () => ({
  drafts: document.querySelectorAll('ul[aria-label="Hồ sơ đang khai"] > li').length,
  locked: document.querySelectorAll('.locked-sessions li.locked').length,
});
const countOutbox = () => ({ bundles: document.querySelectorAll('ul.outbox-list > li').length });
/** The dashboard's all-time totals: drafts, filed, queued, sent, accepted, refused. */
const countDashboard = () => {
  const table = [...document.querySelectorAll('table.counts')].find((t) => t.caption?.textContent.includes('Từ trước đến nay'));
  return { total: [...(table?.querySelectorAll('tfoot td') ?? [])].map((td) => Number(td.textContent)) };
};

export async function run(ctx) {
  const portal = await ctx.portal();
  const chromium = await ctx.browser();
  const cpuRate = ctx.conditions.cpuRate;
  const throttled = { network: networkPreset('none'), cpuRate };
  const unthrottled = { network: networkPreset('none'), cpuRate: 1 };

  const exe = await buildCoreExample(ctx, 'make_bundles');
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-bench-team-'));
  const unregister = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const runs = [];
  let made;
  let seeded;
  try {
    const batch = join(dir, `ho-so-cho-gui-${BUNDLES}.tokhai`);
    const r = await runCommand(exe, ['--count', String(BUNDLES), '--out', join(dir, 'bundles'), '--catalog', ctx.catalog, '--procedure', CODE, '--batch', batch], { cwd: ctx.root });
    if (r.code !== 0) throw new Error(`make_bundles failed (exit ${r.code}):\n${r.stderr.split('\n').slice(-20).join('\n')}`);
    made = JSON.parse(r.stdout.trim().split('\n').at(-1));
    if (!made.batch) throw new Error('make_bundles wrote no batch file (an older build without --batch?)');
    ctx.progress(`team: ${BUNDLES} bundles of ${CODE} sealed natively in ${ms(made.ms)}, one batch file of ${bytes(made.batchBytes)}`);

    const context = await chromium.newContext();
    try {
      // No network for the portal's intake: the bundles stay queued, and the app keeps retrying them.
      const attempts = { n: 0 };
      await context.route('**/api/bundles', (route) => {
        attempts.n++;
        return route.abort('internetdisconnected');
      });
      seeded = await seed(ctx, context, portal.url, batch, attempts);
      ctx.progress(`team: device seeded in ${ms(seeded.seedMs)} (batch of ${BUNDLES} imported in ${ms(seeded.importMs)}, ${seeded.attemptsWhileSeeding} delivery attempts aborted meanwhile)`);

      for (let i = 1; i <= ctx.runs; i++) {
        const drafts = await visit(context, portal.url, '/ho-so', 'tokhai:drafts', throttled, attempts, countDrafts);
        const dashboard = await visit(context, portal.url, '/bang-dieu-khien', 'tokhai:dashboard', throttled, attempts, countDashboard);
        const outbox = await visit(context, portal.url, '/hop-thu-di', null, throttled, attempts, countOutbox);
        const unlock = await unlockOnce(context, portal.url, throttled, seeded.sessionDraft, attempts);
        const unlockFast = cpuRate === 1 ? null : await unlockOnce(context, portal.url, unthrottled, seeded.sessionDraft, attempts);
        const run = { run: i, drafts, dashboard, outbox, unlock, unlockFast };
        runs.push(run);
        ctx.progress(
          `team ${i}/${ctx.runs}: drafts list ${ms(drafts.measure)} (ready ${ms(drafts.ready)}, ${drafts.shown.drafts} + ${drafts.shown.locked} locked), ` +
            `dashboard ${ms(dashboard.measure)} (ready ${ms(dashboard.ready)}), outbox ready ${ms(outbox.ready)} (${outbox.shown.bundles} listed), ` +
            `idle main thread busy ${[drafts, dashboard, outbox].map((x) => percent(x.idle.busy)).join(' / ')}, ` +
            `unlock ${ms(unlock.unlock)} → listed ${ms(unlock.listed)}${unlockFast ? `; unthrottled ${ms(unlockFast.unlock)} → ${ms(unlockFast.listed)}` : ''}`,
        );
        if (drafts.shown.drafts !== DRAFTS || drafts.shown.locked !== 1) ctx.warn(`team: the drafts list showed ${drafts.shown.drafts} drafts and ${drafts.shown.locked} locked sessions, expected ${DRAFTS} and 1`);
        if (outbox.shown.bundles !== BUNDLES) ctx.warn(`team: the outbox listed ${outbox.shown.bundles} bundles, expected ${BUNDLES}`);
        const [d, , q] = dashboard.shown.total;
        if (d !== DRAFTS + 1 || q !== BUNDLES) ctx.warn(`team: the dashboard's all-time total is ${JSON.stringify(dashboard.shown.total)}, expected ${DRAFTS + 1} drafts and ${BUNDLES} queued`);
        const errors = [drafts, dashboard, outbox, unlock, unlockFast].flatMap((x) => x?.errors ?? []);
        if (errors.length) ctx.warn(`team: page errors: ${errors.slice(0, 3).join(' | ')}`);
      }
    } finally {
      await context.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }

  const col = (path) => runs.map((r) => path.split('.').reduce((o, k) => o?.[k], r));
  const row = (what, path, note) => ({ what, ...distribution(col(path)), note });
  const att = (page) => `${median(col(`${page}.attempts`))} delivery attempts during the visit (median)`;
  const rows = [
    { ...row('Drafts list `/ho-so`: `tokhai:drafts`', 'drafts.measure', `${DRAFTS} drafts + 1 locked session listed`), $total: true },
    row('  navigation → ready (`tokhai:interactive`)', 'drafts.ready', att('drafts')),
    { ...row('Team dashboard `/bang-dieu-khien`: `tokhai:dashboard`', 'dashboard.measure', `all time: ${DRAFTS + 1} drafts, ${BUNDLES} queued`), $total: true },
    row('  navigation → ready (`tokhai:interactive`)', 'dashboard.ready', att('dashboard')),
    { ...row('Outbox `/hop-thu-di`: navigation → ready (`tokhai:interactive`)', 'outbox.ready', `${BUNDLES} bundles listed; ${att('outbox')}`), $total: true },
    { ...row(`PIN unlock, CPU ${cpuRate}×: \`tokhai:unlock\` (PBKDF2, key check)`, 'unlock.unlock', ''), $total: true },
    row('  “Mở bằng mã PIN” → session’s drafts listed (next `tokhai:drafts`)', 'unlock.listed', `${DRAFTS} + 1 drafts re-read and re-rendered`),
    row('  press → unlock starts (session record read)', 'unlock.beforeUnlock'),
    row('  unlock → list rendered (save session, re-read, decrypt, render)', 'unlock.afterUnlock'),
    row('  probe: press → the session’s draft in the DOM, next frame', 'unlock.probe'),
  ];
  if (cpuRate !== 1) {
    rows.push(
      { ...row('PIN unlock, CPU not throttled: `tokhai:unlock`', 'unlockFast.unlock', ''), $total: true },
      row('  “Mở bằng mã PIN” → session’s drafts listed', 'unlockFast.listed'),
    );
  }
  const idleRow = (what, page) => ({
    what,
    ...distribution(col(`${page}.idle.busy`)),
    attempts: median(col(`${page}.idle.attempts`)),
    reloads: median(col(`${page}.idle.reloads`)),
  });
  const idle = {
    title: `Shared device with ${BUNDLES} queued bundles and no network: the app left alone for ${IDLE_MS / 1000} s (CPU ${cpuRate}× slower)`,
    columns: [
      { key: 'what', label: 'Page (after ready)' },
      { key: 'n', label: 'Runs', align: 'right', format: int },
      { key: 'p50', label: 'Main thread busy', align: 'right', format: percent },
      { key: 'min', label: 'Min', align: 'right', format: percent },
      { key: 'max', label: 'Max', align: 'right', format: percent },
      { key: 'attempts', label: 'Delivery attempts', align: 'right', format: int },
      { key: 'reloads', label: 'Data reloads', align: 'right', format: (v) => (v == null ? '—' : String(Math.round(v))) },
    ],
    rows: [idleRow('Drafts list `/ho-so`', 'drafts'), idleRow('Team dashboard `/bang-dieu-khien`', 'dashboard'), idleRow('Outbox `/hop-thu-di`', 'outbox')],
    notes: [
      `Right after each page of the first table is ready, the harness leaves it alone for ${IDLE_MS / 1000} s. Main thread busy: CDP \`Performance.getMetrics\` TaskDuration over that wall time (median, min, max over the runs). Delivery attempts: \`POST /api/bundles\` requests the app made meanwhile (all aborted: the app retries each bundle with exponential backoff, 2 s doubling up to 5 min, full jitter). Data reloads: further \`tokhai:drafts\` / \`tokhai:dashboard\` measures, each one a new read of IndexedDB and render of the page (the outbox page has no measure). Medians over ${ctx.runs} runs.`,
    ],
    data: { idleMs: IDLE_MS },
  };
  const main = {
    title: `Shared device with ${DRAFTS} drafts and ${BUNDLES} queued bundles (CPU ${cpuRate}× slower, ${chromium.device})`,
    columns: [
      { key: 'what', label: 'Measure' },
      { key: 'n', label: 'Runs', align: 'right', format: int },
      { key: 'p50', label: 'Median', align: 'right', format: msFine },
      { key: 'min', label: 'Min', align: 'right', format: msFine },
      { key: 'max', label: 'Max', align: 'right', format: msFine },
      { key: 'note', label: 'Note', format: (v) => v ?? '' },
    ],
    rows,
    notes: [
      `CPU ${cpuRate === 1 ? 'not throttled' : `${cpuRate}× slower (\`Emulation.setCPUThrottlingRate\`)`} for every measured page (the last rows: not throttled), no network throttling; headless Chromium ${chromium.version} emulating a ${chromium.device}; ${ctx.runs} runs. The dataset is made once in one browser context (seeding took ${ms(seeded?.seedMs)}); each run opens a new tab in that context on each page with \`?bench\` (the service worker and HTTP cache stay, as on a tablet in use).`,
      `Device: assisted filing on (/cai-dat, operator ${OPERATOR}); ${DRAFTS} drafts of ${CODE} (Chứng thực bản sao) written into IndexedDB as the app stores drafts made outside a session (\`{ id, procedure, updatedAt, body }\`, body ~${bytes(seeded?.draftBytes)} of draft JSON; two in three with the applicant, last changed over the past 14 days); one citizen's session started through the interface (PIN, a draft typed into, “Công dân tiếp theo” keeping it locked); ${BUNDLES} bundles of ${CODE} sealed natively by core/examples/make_bundles.rs and imported as one batch file (${bytes(made?.batchBytes)}) through “Nhập hồ sơ từ tệp” (${ms(seeded?.importMs)}, unthrottled). \`POST /api/bundles\` is aborted throughout (\`context.route\`), so the bundles stay queued and the app keeps retrying them with backoff; the attempts made during each visit are counted.`,
      '`tokhai:drafts` and `tokhai:dashboard`: the app\'s measures, from the page component\'s creation to the next animation frame after the list (the tallies) is on screen: reading IndexedDB (every draft; for the dashboard every draft\'s stamp, the outbox and the sessions) and rendering. Navigation → ready: the `tokhai:interactive` mark, the same moment as `<html data-ready="true">`, in ms from navigation start (the app\'s boot included). The outbox page has no measure of its own.',
      `PIN unlock: a new tab on /ho-so?bench, the PIN typed into the locked session's “Mã PIN của công dân”, then “Mở bằng mã PIN”. \`tokhai:unlock\`: the app's measure around PBKDF2-SHA-256 (600,000 iterations, WebCrypto) and opening the session's check value. Press → listed: from the click event's timestamp to the end of the next \`tokhai:drafts\` measure, once the session record is saved, every draft re-read (the session's decrypted) and the list rendered again. A new tab starts with the session locked, so every run unlocks it. WebCrypto runs PBKDF2 off the main thread, which CPU throttling does not slow: a slow phone's PBKDF2 time is not emulated.`,
    ],
    data: { code: CODE, drafts: DRAFTS, bundles: BUNDLES, made, seeded, runs },
  };
  return [main, idle];
}

const round = (x) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10) / 10);
