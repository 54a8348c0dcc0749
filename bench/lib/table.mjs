// Rendering of suite results. A table is
//   { title, columns: [{ key, label, align?: 'left'|'right', format?: (value, row) => string }],
//     rows: [{ [key]: value, $total?: true }], notes?: [string], readme?: boolean }
// Rows hold raw values (numbers stay numbers for results.json); `format` makes
// the text shown in the console and in the markdown. `$total` rows get a rule
// above them in the console and bold text in markdown.

const cell = (col, row) => {
  const v = row[col.key];
  if (col.format) return String(col.format(v, row));
  return v == null ? '' : String(v);
};

const alignOf = (col) => col.align ?? 'left';
const pad = (s, width, align) => (align === 'right' ? s.padStart(width) : s.padEnd(width));
// Display width: Vietnamese text is precomposed, but combining marks may occur.
const width = (s) => [...s.normalize('NFC')].length;
const padW = (s, w, align) => {
  const extra = s.length - width(s);
  return pad(s, w + extra, align);
};

/** Plain-text table for the terminal. */
export function renderText(table) {
  const { columns, rows } = table;
  const body = rows.map((r) => columns.map((c) => cell(c, r)));
  const widths = columns.map((c, i) => Math.max(width(c.label), ...body.map((b) => width(b[i]))));
  const line = (cells) => cells.map((s, i) => padW(s, widths[i], alignOf(columns[i]))).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [table.title, '', line(columns.map((c) => c.label)), rule];
  rows.forEach((r, i) => {
    if (r.$total && i > 0) out.push(rule);
    out.push(line(body[i]));
  });
  for (const n of table.notes ?? []) out.push(`  · ${n}`);
  return out.join('\n');
}

const mdEscape = (s) => s.replace(/\|/g, '\\|');

/** GitHub-flavoured markdown: a bold caption, the table, notes as a list. */
export function renderMarkdown(table) {
  const { columns, rows } = table;
  const head = `| ${columns.map((c) => mdEscape(c.label)).join(' | ')} |`;
  const sep = `|${columns.map((c) => (alignOf(c) === 'right' ? '---:' : ':---')).join('|')}|`;
  const body = rows.map((r) => {
    const cells = columns.map((c) => {
      const s = mdEscape(cell(c, r));
      return r.$total && s ? `**${s}**` : s;
    });
    return `| ${cells.join(' | ')} |`;
  });
  const out = [`**${table.title}**`, '', head, sep, ...body];
  if (table.notes?.length) out.push('', ...table.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

/** The table as stored in results.json: labels and raw row values, no functions. */
export function toJSON(table) {
  return {
    title: table.title,
    columns: table.columns.map(({ key, label }) => ({ key, label })),
    rows: table.rows.map((r) => {
      const o = {};
      for (const [k, v] of Object.entries(r)) o[k.startsWith('$') ? k.slice(1) : k] = v;
      return o;
    }),
    notes: table.notes ?? [],
  };
}
