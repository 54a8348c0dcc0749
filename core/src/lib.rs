//! `tokhai-core`: every rule of Tờ khai, in pure Rust.
//!
//! No `web-sys` here: the same code runs in the browser (compiled to wasm) and natively
//! in the portal and in fast tests. Anything the browser must provide (regular
//! expressions, signing keys, the clock) is injected through small traits.

pub mod api;
pub mod bundle;
pub mod dashboard;
pub mod catalog;
pub mod date;
pub mod form;
pub mod display;
pub mod draft;
pub mod draft_file;
pub mod filing;
pub mod i18n;
pub mod jose;
pub mod outbox;
pub mod pointer;
pub mod qr;
pub mod schema;
pub mod search;
pub mod session;
pub mod time;
pub mod uuid;
pub mod vn;
