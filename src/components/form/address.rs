//! The address picker: province (34, since 1 July 2025) → ward, commune or
//! special zone (searchable without diacritics) → house number and street.
//! Stores `{province, ward, street}` as codes plus free text.

use leptos::prelude::*;
use serde_json::Value;
use tokhai_core::catalog::Element;
use tokhai_core::vn::AddressBook;

use super::field::{error_view, hint_view, label_view, FieldIds};
use super::use_form;
use crate::addresses::{self, Status};
use crate::i18n::{tr, use_lang, Ui};

const PROVINCE: Ui = ("Tỉnh, thành phố", "Province or city");
const WARD: Ui = ("Xã, phường, đặc khu", "Ward, commune or special zone");
const WARD_SEARCH: Ui = ("Tìm xã, phường theo tên", "Find a ward or commune by name");
const WARD_SEARCH_HINT: Ui = ("Gõ vài chữ của tên, có dấu hay không đều được.", "Type part of the name; accents are optional.");
const STREET: Ui = ("Số nhà, đường phố, thôn, tổ", "House number, street, hamlet");
const CHOOSE_PROVINCE: Ui = ("— Chọn tỉnh, thành phố —", "— Choose a province —");
const CHOOSE_WARD: Ui = ("— Chọn xã, phường —", "— Choose a ward —");
const CHOOSE_PROVINCE_FIRST: Ui = ("— Chọn tỉnh, thành phố trước —", "— Choose the province first —");
const LOADING: Ui = ("Đang tải danh sách xã, phường…", "Loading the list of wards…");
const FAILED: Ui = (
    "Chưa tải được danh sách xã, phường. Kiểm tra mạng rồi bấm “Thử lại”.",
    "Could not load the list of wards. Check the connection and press “Try again”.",
);
const RETRY: Ui = ("Thử lại", "Try again");
const NO_WARD_MATCH: Ui = ("Không có xã, phường nào khớp.", "No ward matches.");

/// How an address reads on the review page: "Số 8, ngõ 30, Phường Ba Đình, Thành phố Hà Nội".
pub fn address_text(value: &Value, book: Option<&AddressBook>) -> String {
    let part = |k: &str| value.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let (street, ward, province) = (part("street"), part("ward"), part("province"));
    let ward_name = book.and_then(|b| b.ward(&ward)).map(|(w, _)| w.full_name()).unwrap_or(ward);
    let province_name = book.and_then(|b| b.province(&province)).map(|p| p.full_name()).unwrap_or(province);
    [street, ward_name, province_name].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
}

#[component]
pub fn AddressField(el: Element, path: String, #[prop(into)] enabled: Signal<bool>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    addresses::request();
    let book = addresses::book();
    let status = addresses::status();
    let ids = FieldIds::new(&path, &el);
    let has_error = {
        let path = path.clone();
        Memo::new(move |_| !ctx.shown_errors(&path).is_empty())
    };
    let part = |key: &str| {
        let p = format!("{path}/{key}");
        Memo::new(move |_| ctx.value(&p).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default())
    };
    let province = part("province");
    let ward = part("ward");
    let query = RwSignal::new(String::new());
    let set_part = {
        let path = path.clone();
        move |key: &str, v: String| {
            let p = format!("{path}/{key}");
            ctx.set(&p, (!v.is_empty()).then_some(Value::String(v)));
            // An address with nothing left in it is no address.
            if ctx.value_untracked(&path).and_then(|v| v.as_object().map(|o| o.is_empty())).unwrap_or(false) {
                ctx.set(&path, None);
            }
        }
    };
    let on_province = {
        let set_part = set_part.clone();
        let path = path.clone();
        move |ev: leptos::ev::Event| {
            set_part("province", event_target_value(&ev));
            set_part("ward", String::new());
            query.set(String::new());
            ctx.touch(&path);
        }
    };
    let on_ward = {
        let set_part = set_part.clone();
        move |ev: leptos::ev::Event| set_part("ward", event_target_value(&ev))
    };
    let street_path = format!("{path}/street");
    let street_value = {
        let p = street_path.clone();
        move || {
            ctx.revision.track();
            ctx.value_untracked(&p).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
        }
    };
    let on_street = {
        let set_part = set_part.clone();
        move |ev: leptos::ev::Event| set_part("street", event_target_value(&ev))
    };
    let provinces = move || {
        book.with(|b| {
            b.as_ref()
                .map(|b| b.provinces().iter().map(|p| (p.code().to_owned(), p.full_name())).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let wards = {
        Memo::new(move |_| {
            let code = province.get();
            let chosen = ward.get();
            let q = query.get();
            book.with(|b| match b {
                Some(b) if !code.is_empty() => {
                    let mut list: Vec<(String, String)> =
                        b.search_wards(&code, &q).into_iter().map(|w| (w.code().to_owned(), w.full_name())).collect();
                    // Keep the chosen ward selectable while the search hides it.
                    if let Some((w, _)) = b.ward(&chosen).filter(|_| !list.iter().any(|(c, _)| *c == chosen)) {
                        list.insert(0, (w.code().to_owned(), w.full_name()));
                    }
                    list
                }
                _ => Vec::new(),
            })
        })
    };
    let described = {
        let ids = ids.clone();
        move || ids.described_by(has_error.get())
    };
    let (pid, sid, wid, tid) =
        (ids.id.clone(), format!("{}-search", ids.id), format!("{}-ward", ids.id), format!("{}-street", ids.id));
    let placeholder = el.placeholder.clone();
    let t = move |s: Ui| move || tr(lang.get(), s);
    view! {
        <div class="field" class:field-has-error=move || has_error.get()>
            <fieldset class="fieldset address" aria-describedby=described.clone()>
                <legend class="legend">{label_view(&el, &path)}</legend>
                {hint_view(&el, &ids)}
                {error_view(&path, &ids)}
                {move || match status.get() {
                    Status::Failed => view! {
                        <p class="notice" role="alert">{tr(lang.get(), FAILED)} " "
                            <button type="button" class="button-secondary" on:click=move |_| addresses::request()>{tr(lang.get(), RETRY)}</button>
                        </p>
                    }.into_any(),
                    Status::Loading | Status::Idle => view! { <p class="hint" role="status">{tr(lang.get(), LOADING)}</p> }.into_any(),
                    Status::Ready => ().into_any(),
                }}
                <div class="field">
                    <label class="label" for=pid.clone()>{t(PROVINCE)}</label>
                    <select id=pid class="select" prop:value=province on:change=on_province
                        disabled=move || !enabled.get() || book.with(Option::is_none)>
                        <option value="">{t(CHOOSE_PROVINCE)}</option>
                        {move || provinces().into_iter().map(|(code, name)| {
                            // `selected` per option: the options arrive after the address data loads.
                            let chosen = province.get_untracked() == code;
                            view! { <option value=code selected=chosen>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for=sid.clone()>{t(WARD_SEARCH)}</label>
                    <p class="hint">{t(WARD_SEARCH_HINT)}</p>
                    <input id=sid class="input" type="search" autocomplete="off" enterkeyhint="search"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                        disabled=move || !enabled.get() || province.with(String::is_empty)/>
                </div>
                <div class="field">
                    <label class="label" for=wid.clone()>{t(WARD)}</label>
                    <select id=wid class="select" prop:value=ward on:change=on_ward
                        disabled=move || !enabled.get() || province.with(String::is_empty)>
                        <option value="">{move || if province.with(String::is_empty) { tr(lang.get(), CHOOSE_PROVINCE_FIRST) } else { tr(lang.get(), CHOOSE_WARD) }}</option>
                        {move || wards.get().into_iter().map(|(code, name)| {
                            let chosen = ward.get_untracked() == code;
                            view! { <option value=code selected=chosen>{name}</option> }
                        }).collect_view()}
                    </select>
                    {move || (!province.with(String::is_empty) && book.with(Option::is_some) && wards.with(Vec::is_empty))
                        .then(|| view! { <p class="hint">{tr(lang.get(), NO_WARD_MATCH)}</p> })}
                </div>
                <div class="field">
                    <label class="label" for=tid.clone()>{t(STREET)}</label>
                    <input id=tid class="input" type="text" autocomplete="off"
                        prop:value=street_value
                        placeholder=move || placeholder.as_ref().map(|p| p.get(lang.get()).to_owned())
                        on:input=on_street
                        disabled=move || !enabled.get()/>
                </div>
            </fieldset>
        </div>
    }
}
