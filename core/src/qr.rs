//! QR codes for receipts: the case number, to be scanned at the counter.
//! Drawn by the app as one SVG path (no images, nothing rendered as HTML).

use qrcodegen::{QrCode, QrCodeEcc};

/// A QR code's dark modules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side.
    pub size: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `text` with medium error correction (readable off a scratched phone screen).
    pub fn encode(text: &str) -> Option<QrMatrix> {
        let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
        let size = qr.size() as usize;
        let dark = (0..size * size).map(|i| qr.get_module((i % size) as i32, (i / size) as i32)).collect();
        Some(QrMatrix { size, dark })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// An SVG path drawing every dark module as a unit square, offset by a
    /// `quiet`-module margin (the viewBox is `size + 2·quiet` square).
    pub fn svg_path(&self, quiet: usize) -> String {
        let mut d = String::new();
        for y in 0..self.size {
            let mut x = 0;
            while x < self.size {
                if self.is_dark(x, y) {
                    // Runs of dark modules become one rectangle: a much shorter path.
                    let start = x;
                    while x < self.size && self.is_dark(x, y) {
                        x += 1;
                    }
                    d.push_str(&format!("M{},{}h{}v1h-{}z", start + quiet, y + quiet, x - start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_case_number() {
        let m = QrMatrix::encode("01.00004-261122-0001").unwrap();
        assert_eq!(m.size, 21, "version 1 holds a case number");
        // Finder patterns: the three corners are dark.
        assert!(m.is_dark(0, 0) && m.is_dark(20, 0) && m.is_dark(0, 20));
        assert!(!m.is_dark(7, 7), "separator around the finder pattern");
        let path = m.svg_path(4);
        assert!(path.starts_with("M4,4h7v1h-7z"), "{}", &path[..40]);
    }
}
