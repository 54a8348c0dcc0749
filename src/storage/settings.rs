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
const OPERATOR: &str = "operator";
const LAST_SYNC: &str = "lastSync";

/// A shared device set up for assisted filing (ward support station,
/// outreach team, one-stop counter). Citizens' own phones have none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperatorSettings {
    pub name: String,
    pub role: tokhai_core::bundle::OperatorRole,
    /// Station or team, free text ("Điểm hỗ trợ phường Ba Đình", "Tổ lưu động số 3").
    pub station: String,
    pub home_province: String,
    /// Ward code (5 digits) the operator works in.
    pub home_ward: String,
    /// Minutes without a touch before the open session locks itself.
    pub auto_lock_minutes: u32,
    /// Days a delivered bundle's local copy is kept (the receipt stays).
    pub retention_days: u32,
}

/// Defaults for a new operator device.
pub const AUTO_LOCK_MINUTES: u32 = 5;
pub const RETENTION_DAYS: u32 = 7;

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

    pub async fn operator(&self) -> Result<Option<OperatorSettings>, StorageError> {
        match self.get(SETTINGS, OPERATOR).await? {
            Some(v) => Ok(from_js(v).ok()),
            None => Ok(None),
        }
    }

    /// Turns operator mode on (with these settings) or off (`None`).
    pub async fn save_operator(&self, s: Option<&OperatorSettings>) -> Result<(), StorageError> {
        match s {
            Some(s) => self.put(SETTINGS, Some(OPERATOR), &to_js(s)?).await,
            None => self.delete(SETTINGS, OPERATOR).await,
        }
    }

    /// When a bundle was last delivered (Unix ms), for the team dashboard.
    pub async fn last_sync(&self) -> Result<Option<f64>, StorageError> {
        Ok(self.get(SETTINGS, LAST_SYNC).await?.and_then(|v| v.as_f64()))
    }

    pub async fn record_sync(&self, at: f64) -> Result<(), StorageError> {
        self.put(SETTINGS, Some(LAST_SYNC), &wasm_bindgen::JsValue::from_f64(at)).await
    }
}
