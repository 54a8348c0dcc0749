// Loads the app. Trunk writes the hashed file names into this script tag's
// data attributes, so index.html needs no inline script (see Trunk.toml).
const tag = document.querySelector('script[data-wasm]');
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
