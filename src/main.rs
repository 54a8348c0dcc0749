//! Tờ khai — the browser app. A thin shell over `tokhai-core`: pages,
//! components and browser adapters (IndexedDB, fetch, WebCrypto).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tokhai::app::App);
}
