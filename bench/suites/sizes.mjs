// What a phone downloads: the files of dist/ grouped by kind, raw and
// compressed by this harness (gzip level 9, brotli quality 11), so the figures
// do not depend on how the build precompressed them.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants as z } from 'node:zlib';
import { bytes, percent } from '../lib/format.mjs';

export const name = 'sizes';
export const description = 'dist/ by kind: raw, gzip -9 and brotli -11 bytes';

// The app shell: what must arrive before the app can run. Everything else in
// dist/ (icons today; a manifest, fonts or images later) is listed separately
// and left out of the total, since the browser fetches it lazily or not at all.
const SHELL_KINDS = ['wasm', 'js', 'css', 'html'];
const KIND_BY_EXT = { '.wasm': 'wasm', '.js': 'js', '.mjs': 'js', '.css': 'css', '.html': 'html' };
const TEXT_KINDS = new Set(['js', 'css', 'html']);
const PRECOMPRESSED = ['.br', '.gz'];

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

export function kindOf(path) {
  return KIND_BY_EXT[extname(path).toLowerCase()] ?? 'other';
}

function measure(path, kind) {
  const data = readFileSync(path);
  const gzip = gzipSync(data, { level: 9 }).length;
  const brotli = brotliCompressSync(data, {
    params: {
      [z.BROTLI_PARAM_QUALITY]: 11,
      [z.BROTLI_PARAM_MODE]: TEXT_KINDS.has(kind) ? z.BROTLI_MODE_TEXT : z.BROTLI_MODE_GENERIC,
      [z.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }).length;
  // What the portal actually sends: the prebuilt variants, if present.
  const served = (ext) => (existsSync(path + ext) ? statSync(path + ext).size : null);
  return { raw: data.length, gzip, brotli, servedBr: served('.br'), servedGz: served('.gz') };
}

const listSome = (names, n = 4) =>
  names.length === 0 ? 'none' : names.length <= n ? names.join(', ') : `${names.slice(0, n).join(', ')} and ${names.length - n} more`;

export async function run(ctx) {
  const dist = ctx.dist;
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run \`trunk build --release\` (or \`make bench\`)`);

  const files = [];
  for (const path of walk(dist)) {
    if (PRECOMPRESSED.some((ext) => path.endsWith(ext))) continue;
    const kind = kindOf(path);
    files.push({ file: relative(dist, path), kind, ...measure(path, kind) });
  }
  files.sort((a, b) => b.raw - a.raw);

  const sum = (list, key) => list.reduce((a, f) => a + (f[key] ?? 0), 0);
  const group = (label, list, extra = {}) => ({
    kind: label,
    files: list.length,
    raw: sum(list, 'raw'),
    gzip: sum(list, 'gzip'),
    brotli: sum(list, 'brotli'),
    ...extra,
  });
  const shell = files.filter((f) => SHELL_KINDS.includes(f.kind));
  const other = files.filter((f) => !SHELL_KINDS.includes(f.kind));
  const rows = SHELL_KINDS.map((k) => group(k, shell.filter((f) => f.kind === k)));
  rows.push(group('App shell total', shell, { $total: true }));
  if (other.length) rows.push(group('other (not in total)', other));

  const total = rows.find((r) => r.$total);
  const columns = [
    { key: 'kind', label: 'Kind' },
    { key: 'files', label: 'Files', align: 'right' },
    { key: 'raw', label: 'Raw', align: 'right', format: bytes },
    { key: 'gzip', label: 'gzip -9', align: 'right', format: bytes },
    { key: 'brotli', label: 'brotli -11', align: 'right', format: bytes },
    { key: 'share', label: 'Share of shell (br)', align: 'right', format: (_, r) => (r.kind.startsWith('other') ? '' : percent(r.brotli / total.brotli)) },
  ];

  // A prebuilt .br that is clearly worse than ours means the build compresses too lightly.
  const notes = [
    `Sizes of \`dist/\` (precompressed \`.br\`/\`.gz\` copies excluded), compressed by the harness with gzip level 9 and brotli quality 11. ` +
      `The app shell (${SHELL_KINDS.join(', ')}) is what must arrive before the app runs; other files (${listSome(other.map((f) => f.file))}) are not counted in it.`,
  ];
  const warnings = [];
  for (const f of files) {
    if (f.kind === 'other' && !/\.(svg|json|webmanifest|txt|xml)$/i.test(f.file)) continue; // already-compressed formats
    if (f.raw < 256) continue;
    if (f.servedBr == null) warnings.push(`${f.file} has no prebuilt .br: the portal compresses it on the fly`);
    else if (f.servedBr > f.brotli * 1.05 + 64) warnings.push(`prebuilt ${f.file}.br is ${bytes(f.servedBr)}, brotli -11 gives ${bytes(f.brotli)}`);
  }
  for (const w of warnings) ctx.warn(`sizes: ${w}`);

  return [
    { title: 'App size', columns, rows, notes, data: { shellKinds: SHELL_KINDS, warnings } },
    {
      title: 'App size by file',
      readme: false,
      columns: [
        { key: 'file', label: 'File' },
        { key: 'kind', label: 'Kind' },
        { key: 'raw', label: 'Raw', align: 'right', format: bytes },
        { key: 'gzip', label: 'gzip -9', align: 'right', format: bytes },
        { key: 'brotli', label: 'brotli -11', align: 'right', format: bytes },
        { key: 'servedBr', label: 'served .br', align: 'right', format: bytes },
      ],
      rows: files,
    },
  ];
}
