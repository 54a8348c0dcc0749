// Number formatting shared by the suites' tables.

/** 427828 → "417.8 KiB"; small values stay in bytes. */
export function bytes(n) {
  if (n == null || !Number.isFinite(n)) return '—';
  if (Math.abs(n) < 1024) return `${Math.round(n)} B`;
  if (Math.abs(n) < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

/** Milliseconds shown as seconds above one second: 8412.3 → "8.41 s", 412 → "412 ms". */
export function ms(n) {
  if (n == null || !Number.isFinite(n)) return '—';
  return Math.abs(n) >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}

/** 0.3468 → "34.7 %". */
export function percent(ratio) {
  if (ratio == null || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(1)} %`;
}

export function int(n) {
  return n == null || !Number.isFinite(n) ? '—' : String(Math.round(n));
}

/** Milliseconds with one decimal below 100 ms (keystroke-sized figures): 3.14 → "3.1 ms". */
export function msFine(n) {
  if (n == null || !Number.isFinite(n)) return '—';
  return Math.abs(n) < 100 ? `${n.toFixed(1)} ms` : ms(n);
}

/** Microseconds: 12.3 → "12 µs", 53487 → "53.5 ms". */
export function us(n) {
  if (n == null || !Number.isFinite(n)) return '—';
  if (Math.abs(n) < 10) return `${n.toFixed(1)} µs`;
  if (Math.abs(n) < 1000) return `${Math.round(n)} µs`;
  return `${(n / 1000).toFixed(1)} ms`;
}
