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

/** The same JPEG with an EXIF orientation (6: the camera was turned a quarter
 * to the right, so the picture is shown rotated 90° clockwise). */
export function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, IFD0 at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT, 1
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}
