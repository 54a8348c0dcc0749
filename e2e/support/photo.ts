// A large camera-like JPEG, drawn by the browser itself (no image library in node).
import type { Page } from '@playwright/test';

export async function makePhoto(page: Page, width = 4000, height = 3000): Promise<Buffer> {
  const bytes: number[] = await page.evaluate(async ([w, h]) => {
    const canvas = new OffscreenCanvas(w, h);
    const g = canvas.getContext('2d')!;
    const grad = g.createLinearGradient(0, 0, w, h);
    grad.addColorStop(0, '#f4f1ea');
    grad.addColorStop(1, '#c9b99a');
    g.fillStyle = grad;
    g.fillRect(0, 0, w, h);
    g.fillStyle = '#1b1b1b';
    g.font = `${Math.round(h / 20)}px sans-serif`;
    for (let y = h / 10; y < h; y += h / 12) g.fillText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Giấy chứng sinh', w / 20, y);
    // Noise, so the JPEG is camera-sized rather than trivially compressible.
    const img = g.getImageData(0, 0, w, 200);
    for (let i = 0; i < img.data.length; i += 4) img.data[i] = (i * 2654435761) & 255;
    g.putImageData(img, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  }, [width, height]);
  return Buffer.from(bytes);
}
