//! API errors: always a JSON body `{code, message}` and a 4xx/5xx status, so
//! clients can tell "fix the bundle" from "try again later". Some carry more:
//! `messageVi` (the citizen-facing Vietnamese text) and `errors` (where the
//! form data is wrong).
//!
//! An answer names the field and the rule, never the citizen's value (it is
//! personal data, and an attacker's 10 MiB string must not come back doubled):
//! the texts are built from rules, and every part is bounded here whatever
//! went into it.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `bad_signature`.
    pub code: &'static str,
    /// Human-readable explanation (English).
    pub message: String,
    /// The same for the citizen, in Vietnamese, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_vi: Option<String>,
    /// Where the form data is wrong: JSON Pointer and message, first few.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    /// JSON Pointer into the form data (`manifest.data`).
    pub path: String,
    pub message: String,
}

/// Longest `message` / `messageVi`, in bytes.
pub const MAX_MESSAGE: usize = 1024;
/// Most entries in `errors`.
pub const MAX_ERRORS: usize = 20;
/// Longest path or message of one `errors` entry, in bytes.
pub const MAX_ERROR_PART: usize = 256;

/// `text` cut to at most `max` bytes (at a character boundary), marked with `…`.
pub fn bounded(text: impl Into<String>, max: usize) -> String {
    let mut text = text.into();
    if text.len() > max {
        let mut cut = max.saturating_sub('…'.len_utf8());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: bounded(message, MAX_MESSAGE), message_vi: None, errors: Vec::new() }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, tokhai_core::api::code::INTERNAL, message)
    }

    pub fn with_vi(self, message_vi: impl Into<String>) -> Self {
        ApiError { message_vi: Some(bounded(message_vi, MAX_MESSAGE)), ..self }
    }

    pub fn with_errors(self, errors: Vec<FieldError>) -> Self {
        let errors = errors
            .into_iter()
            .take(MAX_ERRORS)
            .map(|e| FieldError { path: bounded(e.path, MAX_ERROR_PART), message: bounded(e.message, MAX_ERROR_PART) })
            .collect();
        ApiError { errors, ..self }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(&self)).into_response();
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_of_an_answer_is_bounded() {
        let huge = "Nguyễn ".repeat(1 << 20);
        let e = ApiError::new(StatusCode::BAD_REQUEST, "x", huge.clone())
            .with_vi(huge.clone())
            .with_errors(vec![FieldError { path: huge.clone(), message: huge.clone() }; 100]);
        let body = serde_json::to_vec(&e).unwrap();
        assert!(body.len() < MAX_MESSAGE * 2 + MAX_ERRORS * MAX_ERROR_PART * 2 + 2048, "{}", body.len());
        assert_eq!(e.errors.len(), MAX_ERRORS);
        assert!(e.message.ends_with('…') && e.message.len() <= MAX_MESSAGE);
        assert_eq!(bounded("ngắn", 100), "ngắn");
    }
}
