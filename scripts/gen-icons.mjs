// Renders the PNG icons of the web app manifest from public/icons/icon.svg, in
// headless Debian Chromium through the Playwright package in e2e/node_modules.
// The PNGs are committed: the build itself never needs a browser. Run again
// after changing icon.svg:
//
//   node scripts/gen-icons.mjs
//
// - icon-192.png, icon-512.png          purpose "any": the icon as drawn (rounded, transparent corners)
// - maskable-192.png, maskable-512.png  purpose "maskable": the icon inside the central 80 % safe
//                                       zone on the theme colour, so any launcher mask keeps it whole
// - apple-touch-icon.png (180)          opaque: iOS fills transparency with black and rounds itself
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'e2e/package.json'));
const { chromium } = require('playwright');

const THEME = '#a51c1c';
const icons = join(root, 'public/icons');
const svg = readFileSync(join(icons, 'icon.svg'), 'utf8');
const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

const OUTPUTS = [
  { file: 'icon-192.png', size: 192, scale: 1, background: null },
  { file: 'icon-512.png', size: 512, scale: 1, background: null },
  { file: 'maskable-192.png', size: 192, scale: 0.8, background: THEME },
  { file: 'maskable-512.png', size: 512, scale: 0.8, background: THEME },
  { file: 'apple-touch-icon.png', size: 180, scale: 1, background: THEME },
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu', '--disable-quic'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const { file, size, scale, background } of OUTPUTS) {
    const inner = Math.round(size * scale);
    const offset = (size - inner) / 2;
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!DOCTYPE html><html><body style="margin:0;background:${background ?? 'transparent'}">` +
        `<img src="${src}" width="${inner}" height="${inner}" style="position:absolute;left:${offset}px;top:${offset}px">` +
        `</body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size }, omitBackground: background === null });
    writeFileSync(join(icons, file), png);
    console.log(`gen-icons: ${file} ${size}×${size} (${png.length} bytes)`);
  }
} finally {
  await browser.close();
}
