//! A document slot: choose files or take a photo, see them listed, remove
//! them. Type, size and count limits come from the catalog.

use leptos::prelude::*;
use tokhai_core::catalog::DocumentSlot;
use tokhai_core::display::file_size;
use tokhai_core::form::documents::{check_file, check_slot, slot_hint};
use tokhai_core::i18n::Text;
use wasm_bindgen::JsCast;

use super::{use_form, ChosenFile};
use crate::i18n::{tr, use_lang, Ui};

const CHOOSE_FILES: Ui = ("Chọn tệp có sẵn", "Choose files");
const TAKE_PHOTO: Ui = ("Chụp ảnh bằng máy ảnh", "Take a photo");
const REMOVE: Ui = ("Xoá", "Remove");
const OPTIONAL: Ui = ("(không bắt buộc)", "(optional)");
const ERROR_PREFIX: Ui = ("Lỗi:", "Error:");

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
    let problem: RwSignal<Option<Text>> = RwSignal::new(None);
    let files = move || ctx.files.with(|f| slot.with_value(|s| f.get(&s.id).cloned().unwrap_or_default()));
    let touched = move || ctx.touched.with(|t| slot.with_value(|s| t.contains(&format!("/documents/{}", s.id))));
    let error = move || {
        problem.get().or_else(|| {
            if !touched() {
                return None;
            }
            let n = files().len();
            slot.with_value(|s| check_slot(s, n).err())
        })
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        problem.set(None);
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let chosen = ChosenFile { name: file.name(), media_type: file.type_(), size: file.size() as u64 };
            let count = files().len();
            match slot.with_value(|s| check_file(s, &chosen.media_type, chosen.size, count)) {
                Ok(()) => ctx.files.update(|f| f.entry(slot.with_value(|s| s.id.clone())).or_default().push(chosen)),
                Err(e) => problem.set(Some(Text::new(format!("{}: {}", chosen.name, e.vi), format!("{}: {}", chosen.name, e.en)))),
            }
        }
        // Let the same file be picked again after removing it.
        input.set_value("");
        ctx.touch(&slot.with_value(|s| format!("/documents/{}", s.id)));
    };
    let accept = slot.with_value(|s| s.media_types.join(","));
    let takes_photos = slot.with_value(|s| s.media_types.iter().any(|t| t.starts_with("image/")));
    let (camera_id, hint_id, error_id, title_id) =
        (format!("{id}-camera"), format!("{id}-hint"), format!("{id}-error"), format!("{id}-title"));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || if error().is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    view! {
        <section class="field files" class:field-has-error=move || error().is_some() aria-labelledby=title_id.clone()>
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
                {move || files().into_iter().enumerate().map(|(i, f)| {
                    let name = f.name.clone();
                    view! {
                        <li class="file-item">
                            <span class="file-name">{f.name.clone()}</span>
                            <span class="file-size">{file_size(f.size).get(lang.get()).to_owned()}</span>
                            <button type="button" class="button-secondary" on:click=move |_| {
                                ctx.files.update(|all| { if let Some(v) = all.get_mut(&slot.with_value(|s| s.id.clone())) { if i < v.len() { v.remove(i); } } });
                            }>{format!("{} {}", tr(lang.get(), REMOVE), name)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="file-pickers">
                <label class="button-secondary file-label" for=id.clone()>{move || tr(lang.get(), CHOOSE_FILES)}</label>
                <input id=id class="file-input" type="file" multiple accept=accept.clone()
                    aria-describedby=described.clone() on:change=on_pick/>
                {takes_photos.then(|| view! {
                    <label class="button-secondary file-label" for=camera_id.clone()>{move || tr(lang.get(), TAKE_PHOTO)}</label>
                    <input id=camera_id.clone() class="file-input" type="file" accept="image/*" capture="environment"
                        aria-describedby=described.clone() on:change=on_pick/>
                })}
            </div>
        </section>
    }
}
