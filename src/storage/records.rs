//! Converting between Rust values and IndexedDB records. Plain data goes
//! through serde; records holding Blobs are built field by field, since a Blob
//! must reach IndexedDB as the browser object itself (stored, not copied into wasm).

use js_sys::{Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::StorageError;

pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StorageError> {
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true).serialize_missing_as_null(false);
    value.serialize(&ser).map_err(|e| StorageError::Corrupt(e.to_string()))
}

pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, StorageError> {
    Ok(serde_wasm_bindgen::from_value(value)?)
}

/// A JS object under construction.
pub struct Record(Object);

impl Record {
    pub fn new() -> Record {
        Record(Object::new())
    }

    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Record {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }

    pub fn into_js(self) -> JsValue {
        self.0.into()
    }
}

impl Default for Record {
    fn default() -> Self {
        Record::new()
    }
}

pub fn get_str(record: &JsValue, key: &str) -> Option<String> {
    Reflect::get(record, &JsValue::from_str(key)).ok().and_then(|v| v.as_string())
}

pub fn get_f64(record: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(record, &JsValue::from_str(key)).ok().and_then(|v| v.as_f64())
}

pub fn get(record: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(record, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}
