// Tờ khai's service worker: keeps the app shell on the phone so the app opens
// without a network. Deliberately small and dependency-free.
//
// The build (scripts/postbuild.mjs) replaces the BUILD line below with the
// list of shell files and a hash of their contents. Any change to the shell
// therefore changes this file byte-wise, which is how the browser notices an
// update. The new worker then waits until the user presses "update" in the app
// (src/sw.rs); it never takes over on its own.
//
// /api/* is never intercepted: the app keeps its data in IndexedDB and handles
// being offline itself.

const BUILD = { version: 'dev', files: [] }; // @build: replaced by scripts/postbuild.mjs

const PREFIX = 'tokhai-shell-';
const CACHE = PREFIX + BUILD.version;
const SHELL = new Set(BUILD.files);
const INDEX = '/index.html';
// Trunk's hashed names (name-<16 hex>[_bg].ext) never change content, so the
// copy the page has just downloaded into the HTTP cache is the right one; every
// other file is fetched past the HTTP cache so an old copy is never kept.
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.[a-z]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(BUILD.files.map((url) => new Request(url, { cache: HASHED.test(url) ? 'default' : 'reload' }))),
    ),
  );
  // No skipWaiting() here: the app asks for it when the user agrees.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;

  if (SHELL.has(url.pathname)) {
    event.respondWith(fromShell(url.pathname).then((hit) => hit || fetch(request)));
  } else if (request.mode === 'navigate') {
    // Every app route is the same index.html (a single-page app).
    event.respondWith(fromShell(INDEX).then((hit) => hit || fetch(request)));
  } else {
    event.respondWith(fetch(request).catch((err) => fromShell(url.pathname).then((hit) => hit || Promise.reject(err))));
  }
});

/** A file from this version's own cache (never another version's). */
async function fromShell(path) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(path);
  // A navigation must not be answered with a redirected response.
  return hit && hit.redirected ? new Response(hit.body, hit) : hit;
}
