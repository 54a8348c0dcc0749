// Trunk post_build hook: runs in the staging directory before it becomes dist/.
// 1. Refuses a build whose index.html holds an inline script (the CSP forbids it).
// 2. Writes the wasm's size into index.html (boot.js's progress).
// 3. Writes the service worker's precache list and version into sw.js.
// 4. Writes the precompressed .br and .gz files the portal serves.
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, extname, relative, sep } from 'node:path';
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('postbuild: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}

let html = readFileSync(join(dir, 'index.html'), 'utf8');
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
  .filter(([, attrs, body]) => !/\bsrc=/.test(attrs) && body.trim() !== '');
if (inline.length > 0) {
  console.error('postbuild: index.html contains an inline script, which the CSP forbids:\n' + inline[0][0]);
  process.exit(1);
}

// boot.js shows the wasm's download progress: it needs the size of the file
// itself (the response is compressed, so Content-Length is not it).
const wasmAttr = html.match(/data-wasm="\/?([^"]+)"/);
if (!wasmAttr) {
  console.error('postbuild: index.html has no data-wasm attribute for boot.js');
  process.exit(1);
}
const wasmSize = statSync(join(dir, decodeURIComponent(wasmAttr[1]))).size;
html = html.replace(/data-wasm="[^"]+"/, (m) => `${m} data-wasm-size="${wasmSize}"`);
writeFileSync(join(dir, 'index.html'), html);

// The service worker precaches every file of the build (the app shell, icons,
// manifest, the address data the forms fetch lazily) except itself and the
// .br/.gz copies. Its version is a hash of those files and of sw.js itself,
// so any change to the shell changes sw.js byte-wise: that is what makes
// browsers install the new version.
function* files(d) {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}
const SW = join(dir, 'sw.js');
const url = (file) => '/' + relative(dir, file).split(sep).map(encodeURIComponent).join('/');
const shell = [...files(dir)]
  .filter((f) => f !== SW && !/\.(br|gz)$/.test(f))
  .map((file) => ({ file, url: url(file) }))
  .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
const NEEDED = [/^\/index\.html$/, /^\/boot\.js$/, /^\/manifest\.webmanifest$/, /^\/data\/dvhc-2025\.tsv$/, /_bg\.wasm$/, /-[0-9a-f]{8,16}\.js$/, /\.css$/, /^\/icons\/.+\.png$/];
for (const re of NEEDED) {
  if (!shell.some((s) => re.test(s.url))) {
    console.error(`postbuild: the offline shell would miss a file matching ${re}`);
    process.exit(1);
  }
}
const swSource = readFileSync(SW, 'utf8');
const hash = createHash('sha256');
for (const { file, url } of shell) hash.update(url + '\0').update(readFileSync(file)).update('\0');
hash.update(swSource);
const version = hash.digest('hex').slice(0, 16);
const PLACEHOLDER = /^const BUILD = .*\/\/ @build.*$/m;
if ((swSource.match(new RegExp(PLACEHOLDER.source, 'gm')) ?? []).length !== 1) {
  console.error('postbuild: sw.js must contain exactly one "const BUILD = …; // @build" line');
  process.exit(1);
}
const build = { version, files: shell.map((s) => s.url) };
writeFileSync(SW, swSource.replace(PLACEHOLDER, () => `const BUILD = ${JSON.stringify(build, null, 2)}; // written by scripts/postbuild.mjs`));

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.webmanifest', '.svg', '.tsv', '.txt']);
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
console.log(`postbuild: no inline scripts; sw.js ${version} precaches ${shell.length} files; precompressed ${count} files`);
