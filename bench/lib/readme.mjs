// Puts the benchmark tables into README.md, between two HTML comment markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const MARK_START = '<!-- bench:start -->';
export const MARK_END = '<!-- bench:end -->';

/** `text` with everything between the markers replaced by `markdown`; null if a marker is missing. */
export function replaceBetweenMarkers(text, markdown) {
  const start = text.indexOf(MARK_START);
  const end = start < 0 ? -1 : text.indexOf(MARK_END, start + MARK_START.length);
  if (start < 0 || end < 0) return null;
  return `${text.slice(0, start + MARK_START.length)}\n${markdown.trim()}\n${text.slice(end)}`;
}

/** Updates `readme` in place; prints a note and returns false if it cannot. */
export function updateReadme(readme, markdown) {
  if (!existsSync(readme)) {
    console.error(`note: ${readme} does not exist; not updated (the tables are in bench/results.md)`);
    return false;
  }
  const next = replaceBetweenMarkers(readFileSync(readme, 'utf8'), markdown);
  if (next == null) {
    console.error(`note: ${readme} has no ${MARK_START} … ${MARK_END} markers; not updated (the tables are in bench/results.md)`);
    return false;
  }
  writeFileSync(readme, next);
  console.error(`${readme}: benchmark tables updated`);
  return true;
}
