// 500 queued bundles delivered over loopback to a portal that fails 30 % of
// submissions (503, connection dropped before or after storing, 1–3 s delay).
// The bundles are sealed natively (core/examples/make_bundles.rs), imported
// through the outbox page's "Nhập hồ sơ từ tệp" (the app verifies each) while
// delivery is held back, then released with "Gửi lại ngay". Measures the time
// until every one is accepted, the attempts it took, and checks the portal
// holds exactly 500 cases. No CPU throttling: this measures the protocol.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../lib/cleanup.mjs';
import { buildCoreExample, outboxSummary, runCommand } from '../lib/app.mjs';
import { waitForMark, READY_MARK } from '../lib/page.mjs';
import { median, summary } from '../lib/stats.mjs';
import { bytes, int, ms, percent } from '../lib/format.mjs';

export const name = 'delivery';
export const description = '500 bundles delivered through a portal failing 30 % of submissions';

const COUNT = 500;
const FAULT_RATE = 0.3;
const FIRST_SEED = 20261122;
const POLL_MS = 500;
const TIMEOUT_MS = 20 * 60_000;
const CASE = /\b\d{2}\.\d{5}-\d{6}-\d{4}\b/;
const FAULT_KINDS = ['503', 'drop-before-store', 'drop-after-store', 'delay'];
// tracing's colours, if any, around the portal's log fields.
const ANSI = /\x1b\[[0-9;]*m/g;

/** Polls the outbox until `done(summary)`; returns the last summary and when `done` first held (ms after t0). */
async function pollOutbox(page, t0, done, timeoutMs, timeline) {
  for (;;) {
    const s = await outboxSummary(page);
    const at = Date.now() - t0;
    timeline?.push({ at, ...s.states });
    if (done(s)) return { summary: s, at };
    if (at > timeoutMs) return { summary: s, at: null };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function deliverOnce(ctx, chromium, files, seed) {
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0]));
  let created = 0;
  const onLine = (raw) => {
    const line = raw.replace(ANSI, '');
    const f = /fault mode: (\S+) on POST \/api\/bundles/.exec(line);
    if (f) faults[f[1]] = (faults[f[1]] ?? 0) + 1;
    if (/bundle \S+ received: case/.test(line)) created++;
  };
  const portal = await ctx.startPortal({ args: ['--fault-rate', String(FAULT_RATE), '--fault-seed', String(seed)], onLine });
  const context = await chromium.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // Hold delivery back while the files are imported.
    await page.route('**/api/bundles', (route) => route.abort('internetdisconnected'));
    await page.goto(`${portal.url}/hop-thu-di?bench`, { waitUntil: 'commit' });
    await waitForMark(page, READY_MARK, 120_000);

    const tImport = Date.now();
    await page.getByLabel('Nhập hồ sơ từ tệp').setInputFiles(files);
    const imported = await pollOutbox(page, tImport, (s) => s.total >= files.length, 10 * 60_000);
    if (imported.at == null) throw new Error(`only ${imported.summary.total} of ${files.length} bundles were imported in 10 minutes`);
    const notice = await page.getByRole('status').filter({ hasText: /Đã nhập|Không nhập được/ }).first().textContent({ timeout: 60_000 });
    const notImported = (notice.match(/Không nhập được/g) ?? []).length;
    const before = await outboxSummary(page);

    await page.unroute('**/api/bundles');
    const metricsBefore = await metrics(cdp);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Gửi lại ngay' }).click();
    const timeline = [];
    const firstAccepted = { at: null };
    const delivered = await pollOutbox(
      page,
      t0,
      (s) => {
        if (firstAccepted.at == null && s.states.accepted) firstAccepted.at = Date.now() - t0;
        return (s.states.accepted ?? 0) + (s.states.rejected ?? 0) >= files.length;
      },
      TIMEOUT_MS,
      timeline,
    );
    const metricsAfter = await metrics(cdp);
    const after = delivered.summary;
    if (delivered.at == null) throw new Error(`after ${TIMEOUT_MS / 60_000} minutes, ${after.states.accepted ?? 0} of ${files.length} bundles were accepted (${JSON.stringify(after.states)})`);

    const list = await runCommand(portal.binary, ['case', 'list', '--db', portal.dbPath]);
    if (list.code !== 0) throw new Error(`tokhai-portal case list failed: ${list.stderr}`);
    const cases = list.stdout.split('\n').filter((l) => CASE.test(l)).length;
    const attempts = after.attempts - before.attempts;
    const wallS = (metricsAfter.Timestamp - metricsBefore.Timestamp) || 1;
    const share = (k) => (metricsAfter[k] - metricsBefore[k]) / wallS;
    const busy = share('TaskDuration');
    const mainThread = { task: busy, script: share('ScriptDuration'), layout: share('LayoutDuration'), style: share('RecalcStyleDuration'), nodesAfter: metricsAfter.Nodes, jsHeapMiB: metricsAfter.JSHeapUsedSize / 2 ** 20 };
    return {
      seed,
      importMs: imported.at,
      notImported,
      blockedAttempts: before.attempts,
      stateBefore: before.states,
      totalMs: delivered.at,
      firstAcceptedMs: firstAccepted.at,
      accepted: after.states.accepted ?? 0,
      rejected: after.states.rejected ?? 0,
      attempts,
      perBundle: attempts / files.length,
      cases,
      duplicates: cases - files.length,
      portalCreated: created,
      faults,
      mainThreadBusy: busy,
      mainThread,
      timeline: thin(timeline),
      errors,
    };
  } finally {
    await context.close();
    await portal.stop();
  }
}

/** CDP Performance metrics as { name: value } (TaskDuration in seconds, Timestamp in seconds). */
async function metrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Every 4th poll of a long timeline (plus the last), to keep results.json small. */
const thin = (xs) => xs.filter((_, i) => i % 4 === 0 || i === xs.length - 1);

export async function run(ctx) {
  const exe = await buildCoreExample(ctx, 'make_bundles');
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-bench-delivery-'));
  const unregister = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const runs = [];
  let made;
  let chromium;
  try {
    const out = join(dir, 'bundles');
    const r = await runCommand(exe, ['--count', String(COUNT), '--out', out, '--catalog', ctx.catalog], { cwd: ctx.root });
    if (r.code !== 0) throw new Error(`make_bundles failed (exit ${r.code}):\n${r.stderr.split('\n').slice(-20).join('\n')}`);
    made = JSON.parse(r.stdout.trim().split('\n').at(-1));
    const files = readdirSync(out).filter((f) => f.endsWith('.tokhai')).sort().map((f) => join(out, f));
    if (files.length !== COUNT) throw new Error(`make_bundles wrote ${files.length} files, expected ${COUNT}`);
    ctx.progress(`delivery: ${COUNT} bundles of ${made.procedure} sealed natively in ${ms(made.ms)} (${bytes(made.minBytes)}–${bytes(made.maxBytes)} each)`);

    chromium = await ctx.browser();
    for (let i = 1; i <= ctx.runs; i++) {
      const seed = FIRST_SEED + i - 1;
      const res = await deliverOnce(ctx, chromium, files, seed);
      runs.push({ run: i, ...res });
      ctx.progress(
        `delivery ${i}/${ctx.runs} (seed ${seed}): imported in ${ms(res.importMs)}; all ${res.accepted} accepted in ${ms(res.totalMs)}, ` +
          `${res.attempts} attempts (${res.blockedAttempts} while held back), ${res.cases} cases, faults ${JSON.stringify(res.faults)}, main thread ${percent(res.mainThreadBusy)} busy`,
      );
      if (res.duplicates !== 0) ctx.warn(`delivery: seed ${seed}: the portal holds ${res.cases} cases for ${COUNT} bundles`);
      if (res.rejected) ctx.warn(`delivery: seed ${seed}: ${res.rejected} bundles were refused`);
      if (res.notImported) ctx.warn(`delivery: seed ${seed}: ${res.notImported} files were not imported`);
      if (res.errors.length) ctx.warn(`delivery: page errors: ${res.errors.slice(0, 3).join(' | ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }

  const faultText = (f) => FAULT_KINDS.map((k) => f[k] ?? 0).join(' / ');
  const rows = runs.map((r) => ({
    run: String(r.run),
    seed: r.seed,
    importMs: r.importMs,
    totalMs: r.totalMs,
    attempts: r.attempts,
    perBundle: r.perBundle,
    cases: r.cases,
    duplicates: r.duplicates,
    faults: faultText(r.faults),
    busy: r.mainThreadBusy,
  }));
  if (runs.length > 1) {
    const med = (k) => median(runs.map((r) => r[k]));
    rows.push({
      run: 'Median',
      $total: true,
      seed: null,
      importMs: med('importMs'),
      totalMs: med('totalMs'),
      attempts: med('attempts'),
      perBundle: med('perBundle'),
      cases: med('cases'),
      duplicates: Math.max(...runs.map((r) => Math.abs(r.duplicates))) === 0 ? 0 : med('duplicates'),
      faults: faultText(Object.fromEntries(FAULT_KINDS.map((k) => [k, median(runs.map((r) => r.faults[k] ?? 0))]))),
      busy: med('mainThreadBusy'),
    });
  }
  const total = summary(runs.map((r) => r.totalMs));
  return {
    title: `Outbox: ${COUNT} bundles through a portal failing ${FAULT_RATE * 100} % of submissions (loopback, CPU not throttled)`,
    columns: [
      { key: 'run', label: 'Run' },
      { key: 'seed', label: 'Fault seed', align: 'right', format: (v) => (v == null ? '' : String(v)) },
      { key: 'importMs', label: `Import ${COUNT} files`, align: 'right', format: ms },
      { key: 'totalMs', label: `“Gửi lại ngay” → all accepted`, align: 'right', format: ms },
      { key: 'attempts', label: 'Attempts', align: 'right', format: int },
      { key: 'perBundle', label: 'Per bundle', align: 'right', format: (v) => (v == null ? '—' : v.toFixed(2)) },
      { key: 'cases', label: 'Cases', align: 'right', format: int },
      { key: 'duplicates', label: 'Duplicates', align: 'right', format: int },
      { key: 'faults', label: 'Faults: 503 / drop before / drop after / delay', align: 'right' },
      { key: 'busy', label: 'Main thread busy', align: 'right', format: percent },
    ],
    rows,
    notes: [
      `CPU not throttled and no network throttling (this figure measures the delivery protocol and the app's bookkeeping, not a phone's CPU); portal on 127.0.0.1 with \`--fault-rate ${FAULT_RATE} --fault-seed <seed>\`; headless Chromium ${chromium.version} (${chromium.device} emulation); ${runs.length} run(s), each with a fresh portal database and browser context. Delivery time: median ${ms(total.median)}, min ${ms(total.min)}, max ${ms(total.max)} (polled every ${POLL_MS} ms).`,
      `Bundles: ${COUNT} of ${made?.procedure} (its complete example, a ward of Hà Nội, one small PDF; ${bytes(made?.minBytes)}–${bytes(made?.maxBytes)} each) sealed natively by core/examples/make_bundles.rs (\`--profile server\`), each with a new UUID, signed with a key made for the run. Imported with \`setInputFiles\` on the outbox page's “Nhập hồ sơ từ tệp” (the app opens each, verifies its signature and data, and queues it) while \`page.route\` aborted \`POST /api/bundles\`; Import: from \`setInputFiles\` until ${COUNT} records were in the IndexedDB outbox.`,
      `Then the route was removed and “Gửi lại ngay” pressed; the figure runs until the IndexedDB outbox holds ${COUNT} records in state \`accepted\`. Attempts: the sum of the entries' \`attempts\` after, minus before the press (${summary(runs.map((r) => r.blockedAttempts)).median} attempts were made, and failed, while delivery was held back; their backoff carries over). Cases: lines with a case number in \`tokhai-portal case list\`; Duplicates: cases − ${COUNT} (must be 0). Faults: the portal's \`fault mode: …\` log lines. Main thread busy: CDP \`Performance.getMetrics\` TaskDuration over the delivery's wall time, on the outbox page.`,
    ],
    data: { count: COUNT, faultRate: FAULT_RATE, bundles: made, runs },
  };
}
