// In-page helpers for the interaction suites (search, forms): reading the
// app's performance measures (present only on pages opened with `?bench`, see
// src/perf.rs), waiting for them without polling the page's main thread, and an
// independent probe of input → next animation frame to sanity-check them.
import { int, msFine } from './format.mjs';
import { networkPreset } from './throttle.mjs';

/**
 * Installs, before any page script runs, a capture-phase `input` listener on
 * the document that records for each input event its target id, the event's
 * timeStamp and the time to the next animation frame (event created → the
 * frame that will show the update starts). Read with readInputProbe().
 */
export async function installInputProbe(page) {
  await page.addInitScript(() => {
    const rows = [];
    Object.defineProperty(window, '__benchInputs', { value: rows });
    document.addEventListener(
      'input',
      (e) => {
        const row = { id: e.target?.id ?? null, t0: e.timeStamp, toFrame: null };
        rows.push(row);
        requestAnimationFrame((t) => (row.toFrame = t - row.t0));
      },
      true,
    );
  });
}

/** The probe's rows (see installInputProbe) from index `from` on. */
export function readInputProbe(page, from = 0) {
  return page.evaluate((from) => (window.__benchInputs ?? []).slice(from), from);
}

/** Every `performance.measure` named `name`: [{ start, duration }] in ms. */
export function readMeasures(page, name) {
  return page.evaluate(
    (name) => performance.getEntriesByName(name, 'measure').map((e) => ({ start: e.startTime, duration: e.duration })),
    name,
  );
}

/**
 * Waits in the page (a PerformanceObserver, no polling) until there are at
 * least `count` measures named `name`; returns how many there are (fewer on
 * timeout).
 */
export function waitForMeasures(page, name, count, timeoutMs = 60_000) {
  return page.evaluate(
    ({ name, count, timeoutMs }) =>
      new Promise((resolve) => {
        const n = () => performance.getEntriesByName(name, 'measure').length;
        if (n() >= count) return resolve(n());
        const obs = new PerformanceObserver(() => {
          if (n() >= count) {
            obs.disconnect();
            resolve(n());
          }
        });
        obs.observe({ type: 'measure' });
        setTimeout(() => {
          obs.disconnect();
          resolve(n());
        }, timeoutMs);
      }),
    { name, count, timeoutMs },
  );
}

/** Resolves after `frames` animation frames in the page (lets pending rendering finish). */
export function frames(page, frames = 2) {
  return page.evaluate(
    (frames) =>
      new Promise((resolve) => {
        const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
        step(frames);
      }),
    frames,
  );
}

/** The CPU-throttled (no network throttling) conditions of the interaction suites. */
export const interactionConditions = (ctx) => ({ network: networkPreset('none'), cpuRate: ctx.conditions.cpuRate });

/** The conditions line of the interaction suites' notes. */
export const cpuOnly = ({ cpuRate }) =>
  `CPU ${cpuRate === 1 ? 'not throttled' : `${cpuRate}× slower (\`Emulation.setCPUThrottlingRate\`)`}, network not throttled (the pages are local and already loaded)`;

/** The columns of a latency table: one row per form (`form`) and measure,
 * with samples, p50, p95, max and a note. */
export const latencyColumns = (first) => [
  { key: 'form', label: first },
  { key: 'what', label: 'Measure' },
  { key: 'n', label: 'Samples', align: 'right', format: int },
  { key: 'p50', label: 'p50', align: 'right', format: msFine },
  { key: 'p95', label: 'p95', align: 'right', format: msFine },
  { key: 'max', label: 'Max', align: 'right', format: msFine },
  { key: 'note', label: 'Note', format: (v) => v ?? '' },
];
