//! The form pages. `/thu-tuc/{code}/to-khai` starts a new draft and opens it;
//! `/ho-so/{id}` fills a draft: one step per screen on a phone, a progress
//! indicator, "Tiếp tục" that shows an error summary instead of moving on
//! while the step has mistakes, an attachments screen, a review screen — and
//! every change saved within a quarter of a second.
//!
//! The step is in the URL (`?buoc=2`), so the phone's back button goes back a step.

mod review;
mod screens;
mod summary;

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use tokhai_core::catalog::{Catalog, Delivery, ProcedureError};
use tokhai_core::date::Date;
use tokhai_core::draft::{Draft, Filing as FilingData};
use tokhai_core::filing::FilingField;
use tokhai_core::form::{Env, Form};
use tokhai_core::i18n::{Lang, Text};
use tokhai_core::pointer;
use tokhai_core::time::Instant;

use crate::autosave::{Autosave, SaveState};
use crate::catalog_state::use_catalog;
use crate::components::form::{AttachmentMeta, Elements, ErrorSummary, FilesField, FormCtx};
use crate::i18n::{self, tr, use_lang, Ui};
use crate::messages;
use crate::patterns::patterns;
use crate::storage;
use review::Review;
use screens::{screens, unplaced_documents, Screen};
use summary::{summary_items, touch_screen};

const STEP_OF: Ui = ("Bước", "Step");
const OF: Ui = ("trên", "of");
const NEXT: Ui = ("Tiếp tục", "Continue");
const BACK: Ui = ("Quay lại", "Back");
pub(crate) const ATTACHMENTS: Ui = ("Giấy tờ kèm theo", "Supporting documents");
const ATTACHMENTS_HELP: Ui = (
    "Chụp ảnh rõ nét hoặc chọn tệp có sẵn cho từng giấy tờ dưới đây.",
    "Take a clear photo or choose an existing file for each document below.",
);
const REVIEW: Ui = ("Kiểm tra và nộp hồ sơ", "Check and submit");
pub(crate) const WHERE: Ui = ("Nơi nộp hồ sơ", "Where to file");
pub(crate) const DELIVERY: Ui = ("Cách nhận kết quả", "How to receive the result");

/// The id of a filing choice's control on the review screen (the error summary links to it).
pub(crate) fn filing_field_id(field: FilingField) -> &'static str {
    match field {
        FilingField::Province => "filing-province",
        FilingField::Ward => "filing-ward",
    }
}
const LOADING_FORM: Ui = ("Đang mở tờ khai…", "Opening the form…");
const NOT_FOUND: Ui = ("Không tìm thấy thủ tục này.", "This procedure was not found.");
const DRAFT_NOT_FOUND: Ui = ("Không tìm thấy hồ sơ này trên máy.", "This dossier is not on this device.");
const PROCEDURE_GONE: Ui = (
    "Thủ tục của hồ sơ này không còn trong danh mục. Hồ sơ vẫn được giữ trên máy.",
    "This dossier's procedure is no longer in the catalog. The dossier is still kept on this device.",
);
const BROKEN: Ui = (
    "Tờ khai của thủ tục này đang bị lỗi dữ liệu nên chưa khai được. Các thủ tục khác vẫn dùng bình thường.",
    "This procedure's form data is faulty, so it cannot be filled in yet. Other procedures work normally.",
);
const MY_DRAFTS: Ui = ("Hồ sơ đang khai", "My drafts");
const SAVED_AT: Ui = ("Đã lưu lúc", "Saved at");
const SAVING: Ui = ("Đang lưu…", "Saving…");
const SAVE_AS_FILE: Ui = ("Lưu hồ sơ thành tệp", "Save the dossier as a file");
const SAVING_FILE: Ui = ("Đang tạo tệp…", "Making the file…");
const UPDATED_FORM: Ui = (
    "Tờ khai của thủ tục này vừa được cập nhật. Các thông tin dưới đây không còn phù hợp với tờ khai mới nên chưa được điền lại — hãy khai lại ở bước tương ứng:",
    "This procedure's form was updated. The answers below no longer fit the new form and were not filled in again — please re-enter them at the right step:",
);
const CONSENT_MISSING: Ui = (
    "Công dân cần xác nhận đã nhờ bạn khai và nộp hồ sơ thay (ô xác nhận ở trên).",
    "The citizen must confirm asking you to file for them (the box above).",
);
const UPDATED_FORM_DONE: Ui = ("Tôi đã khai lại xong", "I have re-entered them");

/// Today in Vietnam, from the device clock.
fn today() -> Date {
    now().vietnam_date()
}

fn now() -> Instant {
    Instant(js_sys::Date::now() as i64)
}

/// Where the dossier is filed and how the result comes back: not form data,
/// but part of the filing.
#[derive(Clone, Copy)]
pub(crate) struct Filing {
    province: RwSignal<String>,
    ward: RwSignal<String>,
    delivery: RwSignal<Option<Delivery>>,
}

impl Filing {
    fn new(f: &FilingData) -> Filing {
        Filing {
            province: RwSignal::new(f.province.clone().unwrap_or_default()),
            ward: RwSignal::new(f.ward.clone().unwrap_or_default()),
            delivery: RwSignal::new(f.delivery),
        }
    }

    fn data(&self) -> FilingData {
        let some = |s: String| (!s.is_empty()).then_some(s);
        FilingData {
            province: some(self.province.get_untracked()),
            ward: some(self.ward.get_untracked()),
            delivery: self.delivery.get_untracked(),
        }
    }

    fn track(&self) {
        self.province.track();
        self.ward.track();
        self.delivery.track();
    }
}

/// Whether "Nộp hồ sơ" is under way, and why it failed if it did.
#[derive(Clone, Copy)]
pub(crate) struct FilingStatus {
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<Text>>,
    /// On an operator device: when the citizen confirmed the consent text.
    pub consent_at: RwSignal<Option<Instant>>,
}

/// The consent sentence for this draft's citizen, exactly as it will be
/// signed (from the data as sealed: hidden values dropped).
pub(crate) fn consent_for(form: &Form, data: &serde_json::Value, o: &crate::storage::settings::OperatorSettings) -> String {
    let env = Env::new(patterns(), today());
    tokhai_core::bundle::consent_text_for(form, &form.prune(data, &env), &env, &o.name, o.role)
}

pub fn draft_href(id: &str, step: usize) -> String {
    format!("/ho-so/{id}?buoc={}", step + 1)
}

/// `/thu-tuc/{code}/to-khai`: creates a draft and opens it in place of this URL.
#[component]
pub fn NewDraftPage() -> impl IntoView {
    let state = use_catalog();
    let lang = use_lang();
    let params = use_params_map();
    let navigate = use_navigate();
    let problem: RwSignal<Option<Text>> = RwSignal::new(None);
    let started = StoredValue::new(false);
    Effect::new(move || {
        let Some(cat) = state.catalog.get() else { return };
        if started.get_value() {
            return;
        }
        let code = params.read().get("code").unwrap_or_default();
        let Some(form) = cat.form(&code).cloned() else {
            if !state.refreshing.get() {
                problem.set(Some(missing_or_broken(&cat, &code)));
            }
            return;
        };
        if !crate::operator::loaded().get() {
            return;
        }
        started.set_value(true);
        let version = cat.header.version.clone();
        let navigate = navigate.clone();
        let here = format!("/thu-tuc/{code}/to-khai");
        spawn_local(async move {
            // Whose draft is this? On a shared device, a citizen's session must be
            // open; on a PIN-locked phone, the lock must be open.
            if crate::session::vault().is_none() {
                if crate::operator::settings().get_untracked().is_some() {
                    navigate(&format!("/phien-moi?tiep={here}"), NavigateOptions { replace: true, ..Default::default() });
                    return;
                }
                if crate::session::personal_lock_on().await {
                    navigate("/ho-so?khoa=1", NavigateOptions { replace: true, ..Default::default() });
                    return;
                }
            }
            let draft = Draft::new(crate::ids::new_id(), &form, &version, now());
            match storage::db().await {
                Ok(db) => match db.save_draft(&draft).await {
                    Ok(()) => {
                        crate::storage_quota::ask_to_persist();
                        navigate(&draft_href(&draft.id, 0), NavigateOptions { replace: true, ..Default::default() })
                    }
                    Err(e) => problem.set(Some(messages::storage(&e))),
                },
                Err(e) => problem.set(Some(messages::storage(&e))),
            }
        });
    });
    Effect::new(move || {
        if state.catalog.with(Option::is_some) {
            request_animation_frame(crate::ready::mark_interactive);
        }
    });
    move || match problem.get() {
        None => view! { <p class="loading" role="status">{move || tr(lang.get(), LOADING_FORM)}</p> }.into_any(),
        Some(t) => view! {
            <h1>{move || t.get(lang.get()).to_owned()}</h1>
            <p><a class="link-standalone" href="/">{move || tr(lang.get(), i18n::BACK_TO_LIST)}</a></p>
        }
        .into_any(),
    }
}

fn missing_or_broken(cat: &Catalog, code: &str) -> Text {
    if cat.broken().any(|e| e.code.as_deref() == Some(code)) {
        Text::new(BROKEN.0, BROKEN.1)
    } else {
        Text::new(NOT_FOUND.0, NOT_FOUND.1)
    }
}

/// What opening a draft found.
#[derive(Clone)]
enum Opened {
    Loading,
    /// `unsaved`: the draft came from memory (changes a full phone could not
    /// store yet), so the editor starts by saving it.
    Ready { form: Arc<Form>, draft: Box<Draft>, files: BTreeMap<String, Vec<AttachmentMeta>>, unsaved: bool },
    Problem(Text, Option<ProcedureError>),
}

/// `/ho-so/{id}`: loads the draft and its attachments, brings the draft up to
/// the current catalog's version of the form, and shows the form.
#[component]
pub fn DraftPage() -> impl IntoView {
    let state = use_catalog();
    let lang = use_lang();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let opened: RwSignal<Opened> = RwSignal::new(Opened::Loading);
    // Opens once per draft id, as soon as a catalog is available; a later
    // catalog refresh does not reopen (and so never disturbs typing).
    let opened_for = StoredValue::new(String::new());
    Effect::new(move || {
        let Some(cat) = state.catalog.get() else { return };
        let id = id.get();
        if opened_for.with_value(|o| *o == id) {
            return;
        }
        opened_for.set_value(id.clone());
        opened.set(Opened::Loading);
        spawn_local(async move {
            opened.set(open_draft(&cat, &id).await);
        });
    });
    Effect::new(move || {
        if state.catalog.with(Option::is_some) {
            request_animation_frame(crate::ready::mark_interactive);
        }
    });
    move || match opened.get() {
        Opened::Loading => view! { <p class="loading" role="status">{move || tr(lang.get(), LOADING_FORM)}</p> }.into_any(),
        Opened::Ready { form, draft, files, unsaved } => view! { <FormScreen form=form draft=*draft files=files unsaved=unsaved/> }.into_any(),
        Opened::Problem(t, detail) => view! {
            <h1>{move || t.get(lang.get()).to_owned()}</h1>
            {detail.map(|e| view! {
                <details><summary>{move || tr(lang.get(), i18n::TECHNICAL_DETAILS)}</summary><p class="mono">{e.to_string()}</p></details>
            })}
            <p><a class="link-standalone" href="/ho-so">{move || tr(lang.get(), MY_DRAFTS)}</a></p>
        }
        .into_any(),
    }
}

async fn open_draft(cat: &Catalog, id: &str) -> Opened {
    let db = match storage::db().await {
        Ok(db) => db,
        Err(e) => return Opened::Problem(messages::storage(&e), None),
    };
    // Changes not yet stored (a full phone) are newer than the stored copy.
    let unsaved = crate::autosave::take_unsaved(id);
    let draft = match (unsaved.clone(), db.draft(id).await) {
        (Some(d), Ok(Some(_))) => d,
        (_, Ok(Some(d))) => d,
        (_, Ok(None)) => return Opened::Problem(Text::new(DRAFT_NOT_FOUND.0, DRAFT_NOT_FOUND.1), None),
        (_, Err(e)) => return Opened::Problem(messages::storage(&e), None),
    };
    let unsaved = unsaved.is_some();
    let Some(form) = cat.form(&draft.procedure).cloned() else {
        let broken = cat.broken().find(|e| e.code.as_deref() == Some(draft.procedure.as_str())).cloned();
        return Opened::Problem(Text::new(PROCEDURE_GONE.0, PROCEDURE_GONE.1), broken);
    };
    let env = Env::new(patterns(), today());
    let adopted = draft.clone().adopt(&form, &cat.header.version, &env);
    if adopted != draft && !unsaved {
        // Save the adopted draft at once: what was set aside is now on record.
        if let Err(e) = db.save_draft(&adopted).await {
            return Opened::Problem(messages::storage(&e), None);
        }
    }
    let mut files: BTreeMap<String, Vec<AttachmentMeta>> = BTreeMap::new();
    match db.attachments_of(id).await {
        Ok(list) => {
            for a in list {
                files.entry(a.slot.clone()).or_default().push(a);
            }
        }
        Err(e) => return Opened::Problem(messages::storage(&e), None),
    }
    Opened::Ready { form, draft: Box::new(adopted), files, unsaved }
}

#[component]
fn FormScreen(form: Arc<Form>, draft: Draft, files: BTreeMap<String, Vec<AttachmentMeta>>, unsaved: bool) -> impl IntoView {
    crate::perf::mark("tokhai:form-render:start");
    let lang = use_lang();
    let ctx = FormCtx::new(form.clone(), draft.id.clone(), draft.data.clone(), files, today());
    provide_context(ctx);
    let filing = Filing::new(&draft.filing);
    let set_aside = RwSignal::new(draft.set_aside.clone());
    let screens = StoredValue::new(screens(&form));
    let total = screens.with_value(Vec::len);
    let query = use_query_map();
    let navigate = use_navigate();
    let resume_step = (draft.step as usize).min(total.saturating_sub(1));
    let step = Memo::new(move |_| {
        let n = query.read().get("buoc").and_then(|s| s.parse::<usize>().ok());
        n.map_or(resume_step, |n| n.clamp(1, total) - 1)
    });
    let draft_id = draft.id.clone();
    let base = StoredValue::new(draft);

    // Autosave: every change to the answers, files, filing choices or step.
    // (The database is open: the draft was just read from it.)
    let saver = Autosave::new(storage::opened(), move || snapshot(ctx, filing, set_aside, step, base));
    if unsaved {
        saver.changed();
    }
    let saver = StoredValue::new_local(saver);
    Effect::new(move |first: Option<()>| {
        ctx.data.track();
        ctx.files.track();
        filing.track();
        set_aside.track();
        step.track();
        if first.is_some() {
            saver.with_value(Autosave::changed);
        }
    });

    // The error summary as of the last "Tiếp tục" (not live: see `FormCtx::validated`).
    let shown_items: RwSignal<Vec<crate::components::form::SummaryItem>> = RwSignal::new(Vec::new());
    let summary_ref = NodeRef::<html::Div>::new();
    let heading_ref = NodeRef::<html::H1>::new();

    // A new step starts clean, at the top, with focus on its heading.
    Effect::new(move |prev: Option<usize>| {
        let now = step.get();
        if prev.is_some_and(|p| p != now) {
            shown_items.set(Vec::new());
            ctx.clear_validation();
            window().scroll_to_with_x_and_y(0.0, 0.0);
            if let Some(h) = heading_ref.get_untracked() {
                let _ = h.focus();
            }
        }
        now
    });
    // Benchmark hook: the first step is on screen.
    Effect::new(move || crate::perf::measure_next_frame("tokhai:form-render", "tokhai:form-render:start"));

    let title_of = move |s: Screen, l: Lang| -> String {
        match s {
            Screen::Catalog(i) => ctx.form.with_value(|f| f.procedure.ui.steps[i].title.get(l).to_owned()),
            Screen::Attachments => tr(l, ATTACHMENTS).to_owned(),
            Screen::Review => tr(l, REVIEW).to_owned(),
        }
    };
    let screen = move || screens.with_value(|s| s[step.get()]);
    Effect::new(move || {
        let l = lang.get();
        let name = ctx.form.with_value(|f| f.procedure.name.get(l).to_owned());
        document().set_title(&format!("{} — {name} — {}", title_of(screen(), l), tr(l, i18n::APP_NAME)));
    });

    let items = Memo::new(move |_| summary_items(ctx, filing, screen()));
    let go = {
        let navigate = navigate.clone();
        let draft_id = draft_id.clone();
        move |n: usize| {
            saver.with_value(Autosave::flush);
            navigate(&draft_href(&draft_id, n), NavigateOptions::default())
        }
    };
    let on_next = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            touch_screen(ctx, screen());
            ctx.validate();
            if items.with_untracked(Vec::is_empty) {
                if step.get_untracked() + 1 < total {
                    go(step.get_untracked() + 1);
                }
            } else {
                shown_items.set(items.get_untracked());
                request_animation_frame(move || {
                    if let Some(el) = summary_ref.get_untracked() {
                        let _ = el.focus();
                    }
                });
            }
        }
    };
    let on_back = {
        let go = go.clone();
        move |_| {
            let s = step.get_untracked();
            if s > 0 {
                go(s - 1);
            }
        }
    };
    // "Nộp hồ sơ": seal the draft as it is on screen, then show its receipt page.
    let filing_now = RwSignal::new(false);
    let file_error: RwSignal<Option<Text>> = RwSignal::new(None);
    let consent_at: RwSignal<Option<Instant>> = RwSignal::new(None);
    let on_file = {
        let navigate = navigate.clone();
        let form = form.clone();
        Callback::new(move |_: ()| {
            if filing_now.get_untracked() {
                return;
            }
            filing_now.set(true);
            file_error.set(None);
            let draft = snapshot(ctx, filing, set_aside, step, base);
            // Filing for a citizen: the operator block, with the consent the citizen gave.
            let operator = match crate::operator::settings().get_untracked() {
                Some(o) => match consent_at.get_untracked() {
                    Some(at) => {
                        let text = consent_for(&form, &draft.data, &o);
                        Some(tokhai_core::bundle::OperatorBlock {
                            name: o.name,
                            role: o.role,
                            station: o.station,
                            home_ward: o.home_ward,
                            consent: tokhai_core::bundle::Consent { text, confirmed_at: at },
                        })
                    }
                    None => {
                        file_error.set(Some(Text::new(CONSENT_MISSING.0, CONSENT_MISSING.1)));
                        filing_now.set(false);
                        return;
                    }
                },
                None => None,
            };
            saver.with_value(Autosave::close);
            let (navigate, form) = (navigate.clone(), form.clone());
            let catalog_id = crate::catalog_state::use_catalog_untracked().map(|c| c.header.id.clone()).unwrap_or_default();
            spawn_local(async move {
                match crate::transfer::seal_and_queue(&draft, &form, &catalog_id, operator).await {
                    Ok(id) => navigate(&format!("/bien-nhan/{id}"), NavigateOptions { replace: true, ..Default::default() }),
                    Err(t) => {
                        file_error.set(Some(t));
                        filing_now.set(false);
                        saver.with_value(Autosave::reopen);
                    }
                }
            });
        })
    };
    provide_context(FilingStatus { busy: filing_now, error: file_error, consent_at });
    // When the phone cannot store the draft: take it away as a file instead
    // (as it is on screen, with the attachments already stored).
    let save_file = Callback::new(move |done: Callback<Result<String, Text>>| {
        let draft = snapshot(ctx, filing, set_aside, step, base);
        spawn_local(async move { done.run(crate::transfer::save_draft_file(&draft).await) });
    });
    let progress_label = move || {
        let l = lang.get();
        format!("{} {} {} {}", tr(l, STEP_OF), step.get() + 1, tr(l, OF), total)
    };
    let body = move || match screen() {
        Screen::Catalog(i) => {
            let (elements, help) = ctx.form.with_value(|f| {
                let s = &f.procedure.ui.steps[i];
                (s.elements.clone(), s.help.clone())
            });
            view! {
                {help.map(|h| view! { <p class="lead">{move || h.get(lang.get()).to_owned()}</p> })}
                <Elements elements=elements parent_ui=tokhai_core::form::step_ptr(i) base=String::new() enabled=Signal::stored(true)/>
            }
            .into_any()
        }
        Screen::Attachments => {
            let slots: Vec<_> = ctx.form.with_value(|f| {
                let ids = unplaced_documents(f);
                f.procedure.documents.iter().filter(|d| ids.contains(&d.id)).cloned().collect()
            });
            view! {
                <p class="lead">{move || tr(lang.get(), ATTACHMENTS_HELP)}</p>
                {slots.into_iter().map(|slot| view! { <FilesField document=slot/> }).collect_view()}
            }
            .into_any()
        }
        Screen::Review => view! { <Review filing=filing go=Callback::new(go.clone()) on_file=on_file/> }.into_any(),
    };
    let is_last = move || step.get() + 1 >= total;
    view! {
        <div class="form-page">
            <div class="form-top">
                <p class="caption">{move || ctx.form.with_value(|f| f.procedure.name.get(lang.get()).to_owned())}</p>
                <SaveIndicator state=Signal::derive(move || saver.with_value(|s| s.state().get())) save_file=save_file/>
            </div>
            <div class="step-progress">
                <p class="step-count" id="step-count">{progress_label}</p>
                <progress class="step-bar" max=total value=move || step.get() + 1 aria-labelledby="step-count"></progress>
            </div>
            <h1 tabindex="-1" node_ref=heading_ref>{move || title_of(screen(), lang.get())}</h1>
            <SetAsideNotice set_aside=set_aside/>
            {move || (!shown_items.with(Vec::is_empty)).then(|| view! {
                <ErrorSummary items=shown_items node_ref=summary_ref/>
            })}
            <form class="form" novalidate on:submit=on_next>
                {body}
                <div class="actions">
                    {move || (!is_last()).then(|| view! { <button type="submit" class="button button-primary">{tr(lang.get(), NEXT)}</button> })}
                    {move || (step.get() > 0).then(|| view! {
                        <button type="button" class="button button-secondary" on:click=on_back.clone()>{tr(lang.get(), BACK)}</button>
                    })}
                </div>
            </form>
        </div>
    }
}

/// The draft as it stands on screen, ready to save.
fn snapshot(
    ctx: FormCtx,
    filing: Filing,
    set_aside: RwSignal<Vec<tokhai_core::form::SetAside>>,
    step: Memo<usize>,
    base: StoredValue<Draft>,
) -> Draft {
    let mut d = base.get_value();
    d.data = ctx.data.get_untracked();
    d.filing = filing.data();
    d.set_aside = set_aside.get_untracked();
    d.step = step.get_untracked() as u32;
    d.updated_at = now().millis();
    let files = ctx.files.get_untracked();
    ctx.form.with_value(|f| d.summarize(f, &|slot| files.get(slot).map_or(0, Vec::len), &ctx.env()));
    d
}

/// "Đã lưu lúc 10:42", "Đang lưu…", or why saving failed — then, until a
/// save commits, with a way to keep the dossier as a file.
#[component]
fn SaveIndicator(
    #[prop(into)] state: Signal<SaveState>,
    save_file: Callback<Callback<Result<String, Text>>>,
) -> impl IntoView {
    let lang = use_lang();
    let making = RwSignal::new(false);
    let note: RwSignal<Option<Text>> = RwSignal::new(None);
    let on_save_file = move |_| {
        if making.get_untracked() {
            return;
        }
        making.set(true);
        note.set(None);
        save_file.run(Callback::new(move |r: Result<String, Text>| {
            making.set(false);
            note.set(Some(match r {
                Ok(name) => Text::new(format!("Đã lưu hồ sơ vào tệp “{name}”."), format!("The dossier was saved to the file “{name}”.")),
                Err(t) => t,
            }));
        }));
    };
    move || {
        let l = lang.get();
        match state.get() {
            SaveState::Unchanged => view! { <p class="save-state" role="status"></p> }.into_any(),
            SaveState::Pending => view! { <p class="save-state" role="status">{tr(l, SAVING)}</p> }.into_any(),
            SaveState::Saved(at) => {
                let (h, m) = at.vietnam_hh_mm();
                view! { <p class="save-state save-ok" role="status">{format!("{} {h:02}:{m:02}", tr(l, SAVED_AT))}</p> }.into_any()
            }
            SaveState::Failed(t) => view! {
                <div class="save-state save-failed">
                    <p role="alert">{t.get(l).to_owned()}</p>
                    <button type="button" class="button button-secondary" on:click=on_save_file disabled=move || making.get()>
                        {move || tr(lang.get(), if making.get() { SAVING_FILE } else { SAVE_AS_FILE })}
                    </button>
                    {move || note.get().map(|t| view! { <p role="status">{t.get(lang.get()).to_owned()}</p> })}
                </div>
            }
            .into_any(),
        }
    }
}

/// After a catalog update: the answers that no longer fit, shown until the
/// citizen says they have re-entered them (never dropped silently).
#[component]
fn SetAsideNotice(set_aside: RwSignal<Vec<tokhai_core::form::SetAside>>) -> impl IntoView {
    let ctx = crate::components::form::use_form();
    let lang = use_lang();
    move || {
        let items = set_aside.get();
        (!items.is_empty()).then(|| {
            let l = lang.get();
            let rows = items
                .into_iter()
                .map(|a| {
                    let label = label_for(ctx, &a.path).map(|t| t.get(l).to_owned()).unwrap_or_else(|| humanize(&a.path));
                    let value = match &a.value {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    view! { <li><strong>{label}</strong> ": " {value}</li> }
                })
                .collect_view();
            view! {
                <div class="notice set-aside" role="region" aria-label=tr(l, UPDATED_FORM_DONE)>
                    <p>{tr(l, UPDATED_FORM)}</p>
                    <ul>{rows}</ul>
                    <button type="button" class="button-secondary" on:click=move |_| set_aside.set(Vec::new())>{tr(l, UPDATED_FORM_DONE)}</button>
                </div>
            }
        })
    }
}

/// The current form's label for a data path, if it still has one.
fn label_for(ctx: FormCtx, path: &str) -> Option<Text> {
    let mut found = None;
    ctx.data.with_untracked(|d| {
        ctx.form.with_value(|f| {
            f.walk(d, &ctx.env(), |inst| {
                if found.is_none() && inst.path.as_deref() == Some(path) {
                    found = Some(inst.element.label.clone());
                }
            })
        })
    });
    found
}

/// `/nguoiDuocKhaiSinh/queQuan` → `nguoiDuocKhaiSinh › queQuan`.
fn humanize(path: &str) -> String {
    pointer::parse(path).unwrap_or_default().join(" › ")
}
