//! Tờ khai's browser app as a library, so wasm-bindgen tests can reach the
//! storage and network adapters directly.

pub mod addresses;
pub mod app;
pub mod autosave;
pub mod catalog_state;
pub mod catalog_trust;
pub mod components;
pub mod connectivity;
pub mod crypto;
pub mod delivery;
pub mod i18n;
pub mod ids;
pub mod messages;
pub mod net;
pub mod operator;
pub mod pages;
pub mod patterns;
pub mod perf;
pub mod photo;
pub mod storage;
pub mod storage_quota;
pub mod ready;
pub mod session;
pub mod sw;
pub mod transfer;
