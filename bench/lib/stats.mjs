// Small statistics over arrays of numbers (NaN/null entries are ignored).

const clean = (xs) => xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);

/** The p-th percentile (0–100), linear interpolation between closest ranks. */
export function percentile(xs, p) {
  const s = clean(xs);
  if (s.length === 0) return null;
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

export const median = (xs) => percentile(xs, 50);
export const min = (xs) => (clean(xs).length ? clean(xs)[0] : null);
export const max = (xs) => (clean(xs).length ? clean(xs).at(-1) : null);
export const mean = (xs) => {
  const s = clean(xs);
  return s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
};

/** { n, median, min, max, p90 } of a sample, for JSON and tables. */
export function summary(xs) {
  return { n: clean(xs).length, median: median(xs), min: min(xs), max: max(xs), p90: percentile(xs, 90) };
}

/** { n, p50, p95, max, min } of per-event samples (keystrokes, renders), for tables. */
export function distribution(xs) {
  return { n: clean(xs).length, p50: percentile(xs, 50), p95: percentile(xs, 95), max: max(xs), min: min(xs) };
}
