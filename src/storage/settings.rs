//! Device settings (one record per key in the settings store).

use serde::{Deserialize, Serialize};

use super::records::{from_js, to_js};
use super::schema::SETTINGS;
use super::{Db, StorageError};

/// How photos are downscaled before they are stored: phones take 12 MP photos
/// of paper documents; 2000 px on the long edge keeps them legible at a tenth
/// of the size, which matters on a full phone and on 3G.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhotoSettings {
    pub long_edge: u32,
    /// JPEG quality, 0–1.
    pub quality: f64,
}

impl Default for PhotoSettings {
    fn default() -> Self {
        PhotoSettings { long_edge: 2000, quality: 0.8 }
    }
}

impl PhotoSettings {
    /// Keeps values sane whatever was stored or typed.
    pub fn clamped(self) -> PhotoSettings {
        PhotoSettings { long_edge: self.long_edge.clamp(640, 4096), quality: self.quality.clamp(0.5, 0.95) }
    }
}

const PHOTO: &str = "photo";

impl Db {
    pub async fn photo_settings(&self) -> Result<PhotoSettings, StorageError> {
        Ok(match self.get(SETTINGS, PHOTO).await? {
            Some(v) => from_js::<PhotoSettings>(v).unwrap_or_default().clamped(),
            None => PhotoSettings::default(),
        })
    }

    pub async fn save_photo_settings(&self, s: PhotoSettings) -> Result<(), StorageError> {
        self.put(SETTINGS, Some(PHOTO), &to_js(&s.clamped())?).await
    }
}
