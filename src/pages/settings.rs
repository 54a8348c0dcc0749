//! "Cài đặt": how photos are stored, how much space the app uses, and asking
//! the browser to keep the app's data.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::display::file_size;
use tokhai_core::i18n::Text;

use crate::i18n::{self, tr, use_lang, Ui};
use crate::messages;
use crate::storage::{self, settings::PhotoSettings};
use crate::storage_quota::{self, Estimate};

const TITLE: Ui = ("Cài đặt", "Settings");
const PHOTOS: Ui = ("Ảnh chụp giấy tờ", "Photos of documents");
const PHOTOS_HELP: Ui = (
    "Ảnh được thu nhỏ trước khi lưu để tiết kiệm bộ nhớ và mạng. Ảnh lớn hơn thì rõ hơn nhưng nặng hơn.",
    "Photos are made smaller before they are saved, to spare storage and data. Larger photos are sharper but heavier.",
);
const LONG_EDGE: Ui = ("Cạnh dài nhất của ảnh", "Longest side of a photo");
const QUALITY: Ui = ("Chất lượng ảnh", "Photo quality");
const SAVED: Ui = ("Đã lưu cài đặt.", "Settings saved.");
const STORAGE: Ui = ("Bộ nhớ trên máy", "Storage on this device");
const USAGE: Ui = ("Đang dùng", "In use");
const OF: Ui = ("trên tổng số", "of");
const UNKNOWN: Ui = ("Trình duyệt không cho biết dung lượng.", "The browser does not report storage use.");
const PERSIST_WHY: Ui = (
    "Khi máy sắp hết bộ nhớ, trình duyệt có thể tự xoá dữ liệu của các trang web. Hãy cho phép giữ dữ liệu để hồ sơ đang khai không bị mất.",
    "When the phone runs low on space, the browser may delete websites' data. Allow keeping the data so your drafts are not lost.",
);
const PERSISTED: Ui = ("Trình duyệt đã đồng ý giữ dữ liệu của ứng dụng.", "The browser keeps the app's data.");
const NOT_PERSISTED: Ui = ("Trình duyệt chưa cam kết giữ dữ liệu của ứng dụng.", "The browser has not promised to keep the app's data.");
const PERSIST: Ui = ("Giữ dữ liệu trên máy", "Keep data on this device");
const CATALOG: Ui = ("Danh mục thủ tục", "Procedure catalog");
const CATALOG_FILE_HELP: Ui = (
    "Ở nơi không có mạng, có thể nạp danh mục từ tệp do cơ quan cung cấp. Ứng dụng chỉ nhận tệp có chữ ký hợp lệ của cổng dịch vụ công.",
    "Where there is no network, the catalog can be loaded from a file provided by the office. Only files validly signed by the portal are accepted.",
);
const CATALOG_FILE: Ui = ("Nạp danh mục từ tệp", "Load the catalog from a file");
const PORTAL_KEY: Ui = ("Khoá ký của cổng dịch vụ công mà máy này tin cậy", "Portal signing key this device trusts");
const NO_PORTAL_KEY: Ui = ("(không có — bản ứng dụng này không được cấu hình khoá nào)", "(none — this build of the app has no portal key configured)");
const LOADED: Ui = ("Đã nạp danh mục phiên bản", "Loaded catalog version");
const REFUSED: Ui = (
    "Trình duyệt chưa đồng ý. Cài ứng dụng vào màn hình chính rồi thử lại.",
    "The browser did not agree. Install the app to the home screen and try again.",
);

#[component]
pub fn SettingsPage() -> impl IntoView {
    let lang = use_lang();
    let photo = RwSignal::new(PhotoSettings::default());
    let estimate: RwSignal<Option<Estimate>> = RwSignal::new(None);
    let persisted: RwSignal<Option<bool>> = RwSignal::new(None);
    let status: RwSignal<Option<Text>> = RwSignal::new(None);
    let portal_kid: RwSignal<Option<String>> = RwSignal::new(None);
    spawn_local(async move {
        if let Ok(db) = storage::db().await {
            if let Ok(p) = db.photo_settings().await {
                photo.set(p);
            }
            portal_kid.set(crate::catalog_trust::trusted_kid(Some(&db)).await);
        }
        estimate.set(storage_quota::estimate().await);
        persisted.set(storage_quota::persisted().await);
    });
    Effect::new(move || request_animation_frame(crate::ready::mark_interactive));
    Effect::new(move || document().set_title(&format!("{} — {}", tr(lang.get(), TITLE), tr(lang.get(), i18n::APP_NAME))));
    let save = move |p: PhotoSettings| {
        photo.set(p);
        spawn_local(async move {
            let result = match storage::db().await {
                Ok(db) => db.save_photo_settings(p).await,
                Err(e) => Err(e),
            };
            status.set(Some(match result {
                Ok(()) => Text::new(SAVED.0, SAVED.1),
                Err(e) => messages::storage(&e),
            }));
        });
    };
    let ask = move |_| {
        spawn_local(async move {
            let ok = storage_quota::persist().await;
            persisted.set(ok);
            if ok != Some(true) {
                status.set(Some(Text::new(REFUSED.0, REFUSED.1)));
            }
        });
    };
    let on_catalog_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) else { return };
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        input.set_value("");
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
            let db = storage::db().await.ok();
            let result = match crate::catalog_trust::open_file(db.as_deref(), &text).await {
                Ok((body, sig)) => crate::catalog_state::adopt_verified(body, sig).await,
                Err(e) => Err(e),
            };
            status.set(Some(match result {
                Ok(v) => Text::new(format!("{} {v}.", LOADED.0), format!("{} {v}.", LOADED.1)),
                Err(e) => e,
            }));
            if let Some(db) = db {
                portal_kid.set(crate::catalog_trust::trusted_kid(Some(&db)).await);
            }
        });
    };
    let edges = [1280u32, 1600, 2000, 2560, 3200];
    let qualities = [(0.6, "60 %"), (0.7, "70 %"), (0.8, "80 %"), (0.9, "90 %")];
    view! {
        <div class="page-settings form-page">
            <h1>{move || tr(lang.get(), TITLE)}</h1>
            <div role="status">{move || status.get().map(|s| view! { <p class="notice-ok">{s.get(lang.get()).to_owned()}</p> })}</div>
            <section>
                <h2>{move || tr(lang.get(), PHOTOS)}</h2>
                <p class="hint">{move || tr(lang.get(), PHOTOS_HELP)}</p>
                <div class="field">
                    <label class="label" for="photo-edge">{move || tr(lang.get(), LONG_EDGE)}</label>
                    <select id="photo-edge" class="select input-short" prop:value=move || photo.get().long_edge.to_string()
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                save(PhotoSettings { long_edge: v, ..photo.get_untracked() });
                            }
                        }>
                        {edges.into_iter().map(|e| view! { <option value=e.to_string()>{format!("{e} px")}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="photo-quality">{move || tr(lang.get(), QUALITY)}</label>
                    <select id="photo-quality" class="select input-short" prop:value=move || format!("{:.1}", photo.get().quality)
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                                save(PhotoSettings { quality: v, ..photo.get_untracked() });
                            }
                        }>
                        {qualities.into_iter().map(|(q, label)| view! { <option value=format!("{q:.1}")>{label}</option> }).collect_view()}
                    </select>
                </div>
            </section>
            <crate::pages::settings_operator::OperatorSettingsSection/>
            <crate::pages::settings_operator::PersonalLockSection/>
            <section>
                <h2>{move || tr(lang.get(), CATALOG)}</h2>
                <p class="hint" id="catalog-file-hint">{move || tr(lang.get(), CATALOG_FILE_HELP)}</p>
                <p class="file-pickers">
                    <label class="button button-secondary file-label" for="catalog-file">{move || tr(lang.get(), CATALOG_FILE)}</label>
                    <input id="catalog-file" class="file-input" type="file" accept=".json,application/json,application/jose+json"
                        aria-describedby="catalog-file-hint" on:change=on_catalog_file/>
                </p>
                <p>{move || tr(lang.get(), PORTAL_KEY)} ": "
                    <span class="mono">{move || portal_kid.get().unwrap_or_else(|| tr(lang.get(), NO_PORTAL_KEY).to_owned())}</span>
                </p>
            </section>
            <section>
                <h2>{move || tr(lang.get(), STORAGE)}</h2>
                <p>{move || match estimate.get() {
                    Some(e) => format!("{}: {} {} {}", tr(lang.get(), USAGE),
                        file_size(e.usage as u64).get(lang.get()), tr(lang.get(), OF), file_size(e.quota as u64).get(lang.get())),
                    None => tr(lang.get(), UNKNOWN).to_owned(),
                }}</p>
                <p class="hint">{move || tr(lang.get(), PERSIST_WHY)}</p>
                <p>{move || match persisted.get() {
                    Some(true) => tr(lang.get(), PERSISTED),
                    _ => tr(lang.get(), NOT_PERSISTED),
                }}</p>
                {move || (persisted.get() != Some(true)).then(|| view! {
                    <button type="button" class="button button-secondary" on:click=ask>{tr(lang.get(), PERSIST)}</button>
                })}
            </section>
        </div>
    }
}
