// Driving the app for the drafts, attachments and outbox suites: opening a new
// draft with the bench marks on, reading the app's IndexedDB from the page,
// in-page probes (IndexedDB writes, URL changes, clicks), test files made in
// node (PDFs) or in the page (a camera-like photo), a counting proxy in front of
// the portal, and building a core example with cargo. Independent of
// e2e/support, like the rest of bench/.
import { spawn } from 'node:child_process';
import { request as httpRequest, createServer } from 'node:http';
import { onCleanup } from './cleanup.mjs';
import { waitForMark, READY_MARK } from './page.mjs';
import { waitForMeasures } from './interaction.mjs';

/** The app's IndexedDB database (src/storage/schema.rs). */
export const DB_NAME = 'tokhai';

/**
 * Every record of `store`, read raw from the page, without its blobs (`blob`,
 * `bundle`: replaced by their size in bytes, or null).
 */
export function idbAll(page, store) {
  return page.evaluate(
    ({ db, store }) =>
      new Promise((ok, fail) => {
        const open = indexedDB.open(db);
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(store).objectStore(store).getAll();
          req.onerror = () => fail(req.error);
          req.onsuccess = () => {
            open.result.close();
            ok(req.result.map((r) => ({ ...r, blob: r.blob ? r.blob.size : undefined, bundle: r.bundle ? r.bundle.size : undefined })));
          };
        };
      }),
    { db: DB_NAME, store },
  );
}

/**
 * The outbox, summarised in the page: how many records per `state`, and the
 * sum of `entry.attempts`. One short read-only transaction.
 */
export function outboxSummary(page) {
  return page.evaluate(
    (db) =>
      new Promise((ok, fail) => {
        const open = indexedDB.open(db);
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('outbox').objectStore('outbox').getAll();
          req.onerror = () => fail(req.error);
          req.onsuccess = () => {
            open.result.close();
            const states = {};
            let attempts = 0;
            for (const r of req.result) {
              states[r.state] = (states[r.state] ?? 0) + 1;
              try {
                attempts += JSON.parse(r.entry).attempts ?? 0;
              } catch {
                /* counted in states only */
              }
            }
            ok({ total: req.result.length, states, attempts });
          };
        };
      }),
    DB_NAME,
  );
}

/** Waits until the page's service worker is active and controls the page. */
export async function waitForServiceWorker(page, timeoutMs = 60_000) {
  await page.evaluate(
    (timeoutMs) =>
      Promise.race([
        (async () => {
          await navigator.serviceWorker.ready;
          if (!navigator.serviceWorker.controller) {
            await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
          }
        })(),
        new Promise((_, fail) => setTimeout(() => fail(new Error(`no service worker controls the page after ${timeoutMs / 1000} s`)), timeoutMs)),
      ]),
    timeoutMs,
  );
}

/**
 * Opens a new draft of `code` (`/thu-tuc/<code>/to-khai?bench`, which
 * creates the draft and replaces the URL with `/ho-so/<id>?buoc=1`) in `v`
 * (a page from throttledPage) and waits until the form is rendered (its
 * `tokhai:form-render` measure). If the marks are off once the form is on
 * screen (an app that reads `?bench` late), the draft is reopened with
 * `&bench` (warned once). Returns the draft id.
 */
export async function openNewDraft(ctx, v, base, code, timeoutMs = 300_000) {
  const { page } = v;
  await page.goto(`${base}/thu-tuc/${code}/to-khai?bench`, { waitUntil: 'commit', timeout: timeoutMs });
  // The new-draft page either moves to the draft or says why it cannot.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (/\/ho-so\/[0-9a-f-]{36}/.test(page.url())) break;
    const problem = await page.locator('main h1').first().textContent({ timeout: 50 }).catch(() => null);
    if (problem) throw new Error(`/thu-tuc/${code}/to-khai did not open a draft: “${problem.trim()}”`);
    if (Date.now() > deadline) throw new Error(`/thu-tuc/${code}/to-khai did not open a draft within ${timeoutMs / 1000} s`);
    await page.waitForTimeout(250);
  }
  const id = /\/ho-so\/([0-9a-f-]{36})/.exec(page.url())[1];
  await page.locator('form.form').first().waitFor({ state: 'attached', timeout: timeoutMs });
  if ((await waitForMeasures(page, 'tokhai:form-render', 1, 30_000)) < 1) {
    if (/[?&]bench/.test(page.url())) throw new Error(`${code}: the form is on screen but the app set no tokhai:form-render measure`);
    if (!openNewDraft.warned) {
      openNewDraft.warned = true;
      ctx.warn(`the app's marks are off after /thu-tuc/<code>/to-khai?bench redirected to ${page.url().replace(base, '').replace(id, '<id>')}; the harness reopens the draft with &bench`);
    }
    await page.goto(`${page.url()}${page.url().includes('?') ? '&' : '?'}bench`, { waitUntil: 'commit', timeout: timeoutMs });
    if ((await waitForMeasures(page, 'tokhai:form-render', 1, timeoutMs)) < 1) throw new Error(`${code}: no tokhai:form-render measure even with &bench`);
  }
  await waitForMark(page, READY_MARK, timeoutMs);
  return id;
}

/**
 * Replaces the data of the stored draft `id` with `data` (e.g. a procedure's
 * complete example), straight in IndexedDB; reload the draft's page afterwards.
 */
export function setDraftData(page, id, data) {
  return page.evaluate(
    ({ db, id, data }) =>
      new Promise((ok, fail) => {
        const open = indexedDB.open(db);
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('drafts', 'readwrite');
          const store = tx.objectStore('drafts');
          const get = store.get(id);
          get.onsuccess = () => {
            const r = get.result;
            if (!r || typeof r.body !== 'string') return fail(new Error(`draft ${id} is not stored in the clear`));
            const body = JSON.parse(r.body);
            body.data = data;
            store.put({ ...r, body: JSON.stringify(body) });
          };
          tx.oncomplete = () => {
            open.result.close();
            ok();
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    { db: DB_NAME, id, data },
  );
}

/**
 * Records, before any page script runs, every IndexedDB write the app makes:
 * for each `put` (store, issued at, size of a string `body` if any) the time
 * its transaction committed. Read with readIdbProbe(). Patches
 * IDBObjectStore.prototype.put, which the app's wasm calls through its JS glue.
 */
export async function installIdbProbe(page) {
  await page.addInitScript(() => {
    const rows = [];
    Object.defineProperty(window, '__benchIdb', { value: rows });
    const put = IDBObjectStore.prototype.put;
    const seen = new WeakMap();
    IDBObjectStore.prototype.put = function (value, ...rest) {
      const row = { store: this.name, at: performance.now(), bodyBytes: typeof value?.body === 'string' ? value.body.length : null, committed: null, aborted: false };
      rows.push(row);
      const tx = this.transaction;
      let list = seen.get(tx);
      if (!list) {
        list = [];
        seen.set(tx, list);
        tx.addEventListener('complete', () => list.forEach((r) => (r.committed = performance.now())));
        tx.addEventListener('abort', () => list.forEach((r) => (r.aborted = true)));
      }
      list.push(row);
      return put.call(this, value, ...rest);
    };
  });
}

export function readIdbProbe(page, store) {
  return page.evaluate((store) => (window.__benchIdb ?? []).filter((r) => !store || r.store === store), store);
}

/**
 * Records the page's input events (capture phase on the document): the
 * event's timeStamp (when the browser created it, so queueing is included) and
 * when the listener ran, for the field with id `fieldId` or all fields.
 */
export async function installInputTimes(page) {
  await page.addInitScript(() => {
    const rows = [];
    Object.defineProperty(window, '__benchTyped', { value: rows });
    document.addEventListener('input', (e) => rows.push({ id: e.target?.id ?? null, t0: e.timeStamp, dispatched: performance.now() }), true);
  });
}

export function readInputTimes(page) {
  return page.evaluate(() => window.__benchTyped ?? []);
}

/**
 * Records clicks (capture phase: the event's timeStamp and the button's text)
 * and every URL change through the History API or a navigation, with
 * performance.now(). Read with readNavProbe().
 */
export async function installNavProbe(page) {
  await page.addInitScript(() => {
    const probe = { clicks: [], urls: [] };
    Object.defineProperty(window, '__benchNav', { value: probe });
    document.addEventListener('click', (e) => probe.clicks.push({ t: e.timeStamp, text: (e.target?.closest?.('button,a')?.textContent ?? '').trim() }), true);
    for (const name of ['pushState', 'replaceState']) {
      const orig = history[name];
      history[name] = function (...args) {
        const r = orig.apply(this, args);
        probe.urls.push({ t: performance.now(), url: location.pathname + location.search, how: name });
        return r;
      };
    }
    addEventListener('popstate', () => probe.urls.push({ t: performance.now(), url: location.pathname + location.search, how: 'popstate' }));
  });
}

export function readNavProbe(page) {
  return page.evaluate(() => window.__benchNav);
}

/**
 * A valid PDF of exactly `size` bytes: one empty A4 page whose content stream
 * is padded with PDF comment lines of pseudo-random text (a scan-sized file that
 * does not compress), with a correct cross-reference table.
 */
export function makePdf(size, seed = 1) {
  const head = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const objs = [
    '1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n',
    '2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n',
    '3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>\nendobj\n',
  ];
  const tail = (xrefAt) => `trailer\n<</Size 5/Root 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const build = (padLen) => {
    const pad = Buffer.alloc(padLen);
    let x = seed >>> 0 || 1;
    const line = 80;
    for (let i = 0; i < padLen; i++) {
      if (i % line === 0) pad[i] = 0x25; // '%': a comment line
      else if (i % line === line - 1 || i === padLen - 1) pad[i] = 0x0a;
      else {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        pad[i] = 0x21 + ((x >>> 0) % 94); // printable ASCII
      }
    }
    const parts = [Buffer.from(head, 'latin1')];
    const offsets = [];
    let at = parts[0].length;
    for (const o of objs) {
      offsets.push(at);
      const b = Buffer.from(o, 'latin1');
      parts.push(b);
      at += b.length;
    }
    offsets.push(at);
    const streamHead = Buffer.from(`4 0 obj\n<</Length ${padLen}>>\nstream\n`, 'latin1');
    const streamTail = Buffer.from('\nendstream\nendobj\n', 'latin1');
    parts.push(streamHead, pad, streamTail);
    at += streamHead.length + padLen + streamTail.length;
    const xref = `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    parts.push(Buffer.from(xref + tail(at), 'latin1'));
    return Buffer.concat(parts);
  };
  // The frame's length depends (a little) on the padding's digits: adjust once or twice.
  let padLen = size - build(0).length;
  for (let i = 0; i < 4; i++) {
    const b = build(padLen);
    if (b.length === size) return b;
    padLen += size - b.length;
  }
  throw new Error(`cannot make a PDF of exactly ${size} bytes`);
}

/**
 * A camera-like JPEG drawn by the browser in `page` (any page; nothing is
 * stored): a paper-coloured gradient, lines of text, and noise over the whole
 * image like a phone sensor's, so the file has a photo's size rather than a
 * drawing's. Returns { buffer, width, height }.
 */
export async function makePhoto(page, { width = 4000, height = 3000, noise = 10, quality = 0.92 } = {}) {
  const b64 = await page.evaluate(
    async ({ width: w, height: h, noise, quality }) => {
      const canvas = new OffscreenCanvas(w, h);
      const g = canvas.getContext('2d');
      const grad = g.createLinearGradient(0, 0, w, h);
      grad.addColorStop(0, '#f4f1ea');
      grad.addColorStop(1, '#b9a98a');
      g.fillStyle = grad;
      g.fillRect(0, 0, w, h);
      g.fillStyle = '#1b1b1b';
      g.font = `${Math.round(h / 40)}px sans-serif`;
      for (let y = h / 20; y < h; y += h / 30) g.fillText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc — GIẤY CHỨNG SINH', w / 30, y);
      // Sensor noise: every pixel, every channel, ±noise (xorshift, reproducible).
      let x = 2463534242;
      const band = 250;
      for (let y0 = 0; y0 < h; y0 += band) {
        const img = g.getImageData(0, y0, w, Math.min(band, h - y0));
        const d = img.data;
        for (let i = 0; i < d.length; i += 4) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          const r = x >>> 0;
          const span = 2 * noise + 1;
          d[i] += ((r & 0xff) % span) - noise;
          d[i + 1] += (((r >>> 8) & 0xff) % span) - noise;
          d[i + 2] += (((r >>> 16) & 0xff) % span) - noise;
        }
        g.putImageData(img, 0, y0);
      }
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    },
    { width, height, noise, quality },
  );
  return { buffer: Buffer.from(b64, 'base64'), width, height };
}

/**
 * An HTTP proxy on a free 127.0.0.1 port in front of `target` (a portal URL)
 * that counts the requests reaching it: { url, requests: [{ method, path, at }],
 * stop() }. Whatever reaches it came over the network (not from a cache or the
 * service worker).
 */
export async function countingProxy(target) {
  const t = new URL(target);
  const requests = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method, path: req.url, at: Date.now() });
    const up = httpRequest(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } },
      (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const stop = () =>
    new Promise((ok) => {
      unregister();
      server.closeAllConnections?.();
      server.close(() => ok());
    });
  const unregister = onCleanup(stop);
  return { url: `http://127.0.0.1:${server.address().port}`, requests, stop };
}

/** Runs a command; resolves { code, stdout, stderr }. Killed if the harness stops. */
export function runCommand(cmd, args, { cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const unregister = onCleanup(() => child.exitCode === null && child.kill('SIGTERM'));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      unregister();
      reject(e);
    });
    child.on('close', (code) => {
      unregister();
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Builds `core/examples/<name>.rs` with the `server` profile and the native
 * features; returns the path of the executable (from cargo's JSON messages).
 */
export async function buildCoreExample(ctx, name, { profile = 'server', features = 'native,embedded-address' } = {}) {
  const args = ['build', '--profile', profile, '-p', 'tokhai-core', '--features', features, '--example', name, '--message-format=json-render-diagnostics'];
  ctx.progress(`cargo ${args.join(' ')}`);
  const t0 = performance.now();
  const r = await runCommand('cargo', args, { cwd: ctx.root });
  if (r.code !== 0) throw new Error(`cargo build failed (exit ${r.code}):\n${r.stderr.split('\n').slice(-40).join('\n')}`);
  const exe = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.target?.name === name && m.executable)?.executable;
  if (!exe) throw new Error(`cargo built no ${name} executable`);
  ctx.progress(`${name}: built in ${Math.round((performance.now() - t0) / 1000)} s`);
  return exe;
}
