// Trunk post_build hook: runs in the staging directory before it becomes dist/.
// 1. Refuses a build whose index.html holds an inline script (the CSP forbids it).
// 2. Writes the precompressed .br and .gz files the portal serves.
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('postbuild: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}

const html = readFileSync(join(dir, 'index.html'), 'utf8');
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
  .filter(([, attrs, body]) => !/\bsrc=/.test(attrs) && body.trim() !== '');
if (inline.length > 0) {
  console.error('postbuild: index.html contains an inline script, which the CSP forbids:\n' + inline[0][0]);
  process.exit(1);
}

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.webmanifest', '.svg', '.tsv', '.txt']);
function* files(d) {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}
let count = 0;
for (const file of [...files(dir)]) {
  if (!COMPRESSIBLE.has(extname(file))) continue;
  const raw = readFileSync(file);
  writeFileSync(file + '.br', brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }));
  writeFileSync(file + '.gz', gzipSync(raw, { level: 9 }));
  count++;
}
console.log(`postbuild: no inline scripts; precompressed ${count} files`);
