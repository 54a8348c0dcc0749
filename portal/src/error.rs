//! API errors: always a JSON body `{code, message}` and a 4xx/5xx status, so
//! clients can tell "fix the bundle" from "try again later". Some carry more:
//! `messageVi` (the citizen-facing Vietnamese text) and `errors` (where the
//! form data is wrong).

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

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), message_vi: None, errors: Vec::new() }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    pub fn with_vi(self, message_vi: impl Into<String>) -> Self {
        ApiError { message_vi: Some(message_vi.into()), ..self }
    }

    pub fn with_errors(self, errors: Vec<FieldError>) -> Self {
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
