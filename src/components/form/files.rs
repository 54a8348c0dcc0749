//! A document slot: choose files or take a photo, see them (photos as
//! previews), remove them. Photos are downscaled before they are stored (see
//! `photo.rs`); PDFs are stored as they are. Type, size and count limits come
//! from the catalog. Each file is stored in IndexedDB as soon as it is added.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::catalog::DocumentSlot;
use tokhai_core::display::file_size;
use tokhai_core::form::documents::{accepts, check_file, check_slot, slot_hint};
use tokhai_core::i18n::Text;
use wasm_bindgen::JsCast;
use web_sys::{Blob, File};

use super::{use_form, AttachmentMeta};
use crate::i18n::{tr, use_lang, Ui};
use crate::messages;
use crate::photo;
use crate::storage;

const CHOOSE_FILES: Ui = ("Chọn tệp có sẵn", "Choose files");
const TAKE_PHOTO: Ui = ("Chụp ảnh bằng máy ảnh", "Take a photo");
const REMOVE: Ui = ("Xoá", "Remove");
const OPTIONAL: Ui = ("(không bắt buộc)", "(optional)");
const ERROR_PREFIX: Ui = ("Lỗi:", "Error:");
const PROCESSING: Ui = ("Đang xử lý ảnh…", "Processing the photo…");
const PREVIEW_OF: Ui = ("Ảnh xem trước:", "Preview:");

/// The HTML id of a document slot's file input (the error summary links to it).
pub fn slot_id(slot: &str) -> String {
    super::field_id(&format!("/documents/{slot}"))
}

#[component]
pub fn FilesField(document: DocumentSlot) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let id = slot_id(&document.id);
    let slot = StoredValue::new(document);
    let slot_key = slot.with_value(|s| s.id.clone());
    let problem: RwSignal<Option<Text>> = RwSignal::new(None);
    let busy = RwSignal::new(0usize);
    let files = {
        let key = slot_key.clone();
        move || ctx.files.with(|f| f.get(&key).cloned().unwrap_or_default())
    };
    let touched = {
        let key = format!("/documents/{slot_key}");
        move || ctx.touched.with(|t| t.contains(&key))
    };
    let error = {
        let files = files.clone();
        move || {
            problem.get().or_else(|| {
                if !touched() {
                    return None;
                }
                let n = files().len();
                slot.with_value(|s| check_slot(s, n).err())
            })
        }
    };
    let on_pick = {
        let files = files.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(list) = input.files() else { return };
            problem.set(None);
            let picked: Vec<File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            // Let the same file be picked again after removing it.
            input.set_value("");
            ctx.touch(&slot.with_value(|s| format!("/documents/{}", s.id)));
            let already = files().len();
            busy.update(|b| *b += picked.len());
            spawn_local(async move {
                for (n, file) in picked.into_iter().enumerate() {
                    let result = add_file(ctx, slot.get_value(), file.clone(), already + n).await;
                    busy.update(|b| *b = b.saturating_sub(1));
                    if let Err(e) = result {
                        let name = file.name();
                        problem.set(Some(Text::new(format!("{name}: {}", e.vi), format!("{name}: {}", e.get(tokhai_core::i18n::Lang::En)))));
                    }
                }
            });
        }
    };
    let accept = slot.with_value(|s| s.media_types.join(","));
    let takes_photos = slot.with_value(|s| s.media_types.iter().any(|t| t.starts_with("image/")));
    let (camera_id, hint_id, error_id, title_id) =
        (format!("{id}-camera"), format!("{id}-hint"), format!("{id}-error"), format!("{id}-title"));
    let described = {
        let (hint_id, error_id, error) = (hint_id.clone(), error_id.clone(), error.clone());
        move || if error().is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    let has_error = {
        let error = error.clone();
        move || error().is_some()
    };
    view! {
        <section class="field files" class:field-has-error=has_error aria-labelledby=title_id.clone()>
            <h2 class="files-title" id=title_id.clone()>
                {move || slot.with_value(|s| s.name.get(lang.get()).to_owned())}
                {move || slot.with_value(|s| !s.required).then(|| view! { " " <span class="optional">{tr(lang.get(), OPTIONAL)}</span> })}
            </h2>
            <p class="hint" id=hint_id>
                {move || slot.with_value(|s| s.help.as_ref().map(|h| format!("{} ", h.get(lang.get()))).unwrap_or_default())}
                {move || slot.with_value(|s| slot_hint(s).get(lang.get()).to_owned())}
            </p>
            {move || error().map(|e| view! {
                <p class="error-message" id=error_id.clone() role="alert">
                    <span class="visually-hidden">{tr(lang.get(), ERROR_PREFIX)} " "</span>{e.get(lang.get()).to_owned()}
                </p>
            })}
            <ul class="file-list">
                <For each=files key=|f| f.id.clone() let:f>
                    <FileItem file=f/>
                </For>
            </ul>
            {move || (busy.get() > 0).then(|| view! { <p class="hint" role="status">{tr(lang.get(), PROCESSING)}</p> })}
            <div class="file-pickers">
                <label class="button-secondary file-label" for=id.clone()>{move || tr(lang.get(), CHOOSE_FILES)}</label>
                <input id=id class="file-input" type="file" multiple accept=accept.clone()
                    aria-describedby=described.clone() on:change=on_pick.clone()/>
                {takes_photos.then(|| view! {
                    <label class="button-secondary file-label" for=camera_id.clone()>{move || tr(lang.get(), TAKE_PHOTO)}</label>
                    <input id=camera_id.clone() class="file-input" type="file" accept="image/*" capture="environment"
                        aria-describedby=described.clone() on:change=on_pick.clone()/>
                })}
            </div>
        </section>
    }
}

/// Checks, downscales (photos) and stores one picked file for the slot.
async fn add_file(ctx: super::FormCtx, slot: DocumentSlot, file: File, count: usize) -> Result<(), Text> {
    let media_type = file.type_();
    crate::perf::mark("tokhai:attach:start");
    // A photo is stored as a JPEG, whatever the camera made (HEIC, PNG, WebP…):
    // where the slot takes JPEG, that is the kind to check.
    let converts = photo::is_photo(&media_type) && accepts(&slot, "image/jpeg");
    let kind = if converts { "image/jpeg".to_owned() } else { media_type.clone() };
    // Accepted kind and count first, on what will be stored.
    check_file(&slot, &kind, 0, count)?;
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let (blob, stored_type, name, width, height) = if converts {
        let settings = db.photo_settings().await.unwrap_or_default();
        let small = photo::downscale(&file, settings).await.map_err(|_| messages::unreadable_photo())?;
        (small.blob, "image/jpeg".to_owned(), photo::jpeg_name(&file.name()), Some(small.width), Some(small.height))
    } else {
        (Blob::from(file.clone()), media_type.clone(), file.name(), None, None)
    };
    let size = blob.size() as u64;
    // Size on what will be stored (a downscaled photo is much smaller).
    check_file(&slot, &stored_type, size, count)?;
    let meta = AttachmentMeta {
        id: crate::ids::new_id(),
        draft_id: ctx.draft_id.get_value(),
        slot: slot.id.clone(),
        name,
        media_type: stored_type,
        size,
        created_at: js_sys::Date::now(),
        width,
        height,
    };
    // Listed only once stored: a file the phone had no room for is not attached.
    db.put_attachment(&meta, &blob).await.map_err(|e| messages::attachment_not_stored(&e))?;
    // Benchmark hook: picked file → stored attachment (decode, downscale, encode, commit).
    crate::perf::measure_now("tokhai:attach", "tokhai:attach:start");
    ctx.files.update(|f| f.entry(slot.id.clone()).or_default().push(meta));
    Ok(())
}

/// One stored file: a preview for photos, its name and size, and "Xoá".
#[component]
fn FileItem(file: AttachmentMeta) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let preview: RwSignal<Option<String>> = RwSignal::new(None);
    if file.media_type.starts_with("image/") {
        let id = file.id.clone();
        spawn_local(async move {
            if let Ok(db) = storage::db().await {
                if let Ok(Some(blob)) = db.attachment_blob(&id).await {
                    if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
                        preview.set(Some(url));
                    }
                }
            }
        });
    }
    on_cleanup(move || {
        if let Some(url) = preview.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let remove = {
        let (id, slot) = (file.id.clone(), file.slot.clone());
        move |_| {
            let (id, slot) = (id.clone(), slot.clone());
            spawn_local(async move {
                if let Ok(db) = storage::db().await {
                    if db.delete_attachment(&id).await.is_ok() {
                        ctx.files.update(|f| {
                            if let Some(list) = f.get_mut(&slot) {
                                list.retain(|a| a.id != id);
                            }
                        });
                    }
                }
            });
        }
    };
    let name = file.name.clone();
    let alt_name = file.name.clone();
    let dims = file.width.zip(file.height).map(|(w, h)| format!(" · {w}×{h}"));
    view! {
        <li class="file-item">
            {move || preview.get().map(|url| {
                let alt_name = alt_name.clone();
                view! { <img class="file-preview" src=url alt=move || format!("{} {}", tr(lang.get(), PREVIEW_OF), alt_name) loading="lazy"/> }
            })}
            <span class="file-name">{file.name.clone()}</span>
            <span class="file-size">{move || file_size(file.size).get(lang.get()).to_owned()}{dims.clone()}</span>
            <button type="button" class="button-secondary" on:click=remove>{move || format!("{} {}", tr(lang.get(), REMOVE), name)}</button>
        </li>
    }
}
