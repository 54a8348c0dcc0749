//! Tờ khai's browser app as a library, so wasm-bindgen tests can reach the
//! storage and network adapters directly.

pub mod addresses;
pub mod app;
pub mod catalog_state;
pub mod components;
pub mod i18n;
pub mod messages;
pub mod net;
pub mod pages;
pub mod patterns;
pub mod perf;
pub mod storage;
pub mod ready;
