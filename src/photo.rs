//! Photos are made smaller before they are stored: a phone's 12 MP photo of a
//! paper form becomes a ~2000 px JPEG, legible and a tenth of the size. The
//! image is decoded with its EXIF orientation applied (so a portrait photo
//! stays upright), and re-encoding drops the rest of the EXIF data, including
//! any GPS position, which a citizen's dossier has no need to carry.

use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ImageBitmap, ImageBitmapOptions, ImageEncodeOptions, ImageOrientation, OffscreenCanvas, OffscreenCanvasRenderingContext2d};

use crate::storage::settings::PhotoSettings;

/// A photo ready to store.
pub struct Downscaled {
    pub blob: Blob,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PhotoError {
    /// The browser cannot decode it (e.g. HEIC on most Android browsers).
    #[error("cannot decode the image: {0}")]
    Undecodable(String),
    #[error("cannot encode the image: {0}")]
    Encode(String),
}

/// Whether a file of this media type is a photo to downscale (PDFs are kept as they are).
pub fn is_photo(media_type: &str) -> bool {
    matches!(media_type, "image/jpeg" | "image/png" | "image/webp" | "image/heic" | "image/heif" | "image/avif" | "image/bmp" | "image/gif")
}

/// The size that fits `long_edge`, keeping the aspect ratio (never enlarging).
pub fn fit(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_edge || long == 0 {
        return (width, height);
    }
    let scale = f64::from(long_edge) / f64::from(long);
    (((f64::from(width) * scale).round() as u32).max(1), ((f64::from(height) * scale).round() as u32).max(1))
}

pub async fn downscale(photo: &Blob, settings: PhotoSettings) -> Result<Downscaled, PhotoError> {
    let window = web_sys::window().ok_or_else(|| PhotoError::Undecodable("no window".into()))?;
    let opts = ImageBitmapOptions::new();
    opts.set_image_orientation(ImageOrientation::FromImage);
    let promise = window
        .create_image_bitmap_with_blob_and_image_bitmap_options(photo, &opts)
        .map_err(|e| PhotoError::Undecodable(text(&e)))?;
    let bitmap: ImageBitmap = await_js(promise).await.map_err(PhotoError::Undecodable)?.unchecked_into();
    let (w, h) = fit(bitmap.width(), bitmap.height(), settings.long_edge);
    let canvas = OffscreenCanvas::new(w, h).map_err(|e| PhotoError::Encode(text(&e)))?;
    let ctx: OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(|e| PhotoError::Encode(text(&e)))?
        .ok_or_else(|| PhotoError::Encode("no 2d context".into()))?
        .unchecked_into();
    // White under transparent PNGs, as on paper (JPEG has no transparency).
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(|e| PhotoError::Encode(text(&e)))?;
    bitmap.close();
    let enc = ImageEncodeOptions::new();
    enc.set_type("image/jpeg");
    enc.set_quality(settings.quality);
    let promise = canvas.convert_to_blob_with_options(&enc).map_err(|e| PhotoError::Encode(text(&e)))?;
    let blob: Blob = await_js(promise).await.map_err(PhotoError::Encode)?.unchecked_into();
    Ok(Downscaled { blob, width: w, height: h })
}

/// `name.heic` → `name.jpg`.
pub fn jpeg_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{stem}.jpg")
}

async fn await_js(p: Promise) -> Result<JsValue, String> {
    JsFuture::from(p).await.map_err(|e| text(&e))
}

fn text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_the_aspect_ratio() {
        assert_eq!(fit(4000, 3000, 2000), (2000, 1500));
        assert_eq!(fit(3000, 4000, 2000), (1500, 2000));
        assert_eq!(fit(1200, 800, 2000), (1200, 800));
        assert_eq!(jpeg_name("IMG_0001.HEIC"), "IMG_0001.jpg");
        assert_eq!(jpeg_name("scan"), "scan.jpg");
    }
}
