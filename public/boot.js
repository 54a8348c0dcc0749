// Loads the app. Trunk writes the hashed file names into this script tag's
// data attributes, so index.html needs no inline script (see Trunk.toml);
// scripts/postbuild.mjs adds the wasm's size (`data-wasm-size`), which a
// compressed response's Content-Length does not tell.
//
// Until the app starts, index.html shows the header and a loading state; this
// fills in the real download progress, and on failure says so in Vietnamese
// with a "Thử lại" button (a network error, a server error) or that the
// browser is too old (no WebAssembly, or one the app's code cannot run on).
const tag = document.querySelector('script[data-wasm]');
const $ = (id) => document.getElementById(id);

function fail(tooOld, detail) {
  if (detail) console.error('boot:', detail);
  $('boot-loading').hidden = true;
  $(tooOld ? 'boot-old' : 'boot-failed').hidden = false;
  document.documentElement.dataset.boot = tooOld ? 'too-old' : 'failed';
}

function progress(received, total) {
  const bar = $('boot-progress');
  const status = $('boot-status');
  if (!bar || !status) return;
  const mb = (n) => (n / 1048576).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (total > 0) {
    const done = Math.min(received, total);
    bar.max = total;
    bar.value = done;
    status.textContent = `Đang tải ứng dụng Tờ khai… ${Math.floor((done / total) * 100)} % (${mb(done)} / ${mb(total)} MB)`;
  } else {
    status.textContent = `Đang tải ứng dụng Tờ khai… ${mb(received)} MB`;
  }
}

/** The wasm, read chunk by chunk to show progress; a Response for wasm-bindgen. */
async function download(url, total) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} for the app's code`);
  if (!res.body) return res;
  const reader = res.body.getReader();
  const chunks = [];
  let received = 0;
  progress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    progress(received, total);
  }
  return new Response(new Blob(chunks, { type: 'application/wasm' }), { headers: { 'Content-Type': 'application/wasm' } });
}

async function boot() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function' || !window.indexedDB || !window.crypto?.subtle) {
    fail(true, 'missing WebAssembly, IndexedDB or WebCrypto');
    return;
  }
  let init;
  let wasm;
  try {
    ({ default: init } = await import(tag.dataset.js));
    wasm = await download(tag.dataset.wasm, Number(tag.dataset.wasmSize) || 0);
  } catch (e) {
    fail(false, e);
    return;
  }
  try {
    await init({ module_or_path: wasm });
  } catch (e) {
    // The code arrived whole but does not compile here: an older engine.
    fail(e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError, e);
    return;
  }
  // The app has mounted its own header and page beside the loading state.
  $('boot')?.remove();
}

$('boot-retry')?.addEventListener('click', () => location.reload());
boot();
