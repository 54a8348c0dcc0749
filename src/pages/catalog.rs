//! The catalog page: every procedure, from the portal or from the device,
//! browsed by field and online level and searched as you type.
//!
//! Built for a national catalog (thousands of procedures) on a slow phone:
//! - the search index is built once per catalog and language (a memo, first
//!   built just after the list is on screen), never per keystroke;
//! - a keystroke folds the query and scores the index once
//!   ([`SearchIndex::search_where`], with the filters applied before scoring);
//! - at most [`PAGE`] results are in the DOM ("Xem thêm" adds more), in a keyed
//!   `<For>`, so rows that stay in the results are kept, not rebuilt.
//!
//! Benchmark hook: when the page is opened with `?bench` (see `crate::perf`),
//! each `input` event of the search box is measured as the `performance.measure`
//! named `tokhai:search`, from the first line of the handler (the mark
//! `tokhai:search:start`) to a microtask queued right after the handler writes
//! the new query.
//! Leptos applies a signal write to the DOM in the microtask that the write
//! queues (its effects run on the wasm-bindgen microtask queue), so by the time
//! the measuring microtask runs, the query has been folded, the index searched and
//! the result list and count updated in the DOM; style, layout and paint are not
//! included.
//!
//! The search and filters survive a visit to a procedure's page and back (they
//! are kept in memory for the session, not in the URL), and so does the index.

use std::cell::RefCell;
use std::sync::{Arc, Weak};

use leptos::html;
use leptos::prelude::*;
use tokhai_core::catalog::{Catalog, Entry, OnlineLevel, Procedure};
use tokhai_core::display;
use tokhai_core::i18n::{Lang, Text};
use tokhai_core::search::{self, fold, SearchIndex};

use crate::catalog_state::use_catalog;
use crate::components::procedure_card::{procedure_of, BrokenCard, ProcedureCard};
use crate::i18n::{self, t, tr, use_lang, Ui};

/// Results shown at once, and added by each "Xem thêm".
const PAGE: usize = 50;

const PAGE_TITLE: Ui = ("Tờ khai — Dịch vụ công trực tuyến", "Tờ khai — Online public services");
const FILTERS_LABEL: Ui = ("Tìm và lọc thủ tục", "Search and filter procedures");
const SEARCH_HINT: Ui = (
    "Gõ tên thủ tục hoặc mã số. Gõ có dấu hay không dấu đều được.",
    "Type a procedure's name or code. Vietnamese accents are optional.",
);
const SEARCH_PLACEHOLDER: Ui = ("Ví dụ: khai sinh", "e.g. birth registration");
const CLEAR: Ui = ("Xoá", "Clear");
const CLEAR_LABEL: Ui = ("Xoá chữ đã gõ", "Clear the search text");
const ALL_FIELDS: Ui = ("Tất cả lĩnh vực", "All fields");
const ALL_LEVELS: Ui = ("Tất cả", "All");
const NONE_FOUND: Ui = ("Không tìm thấy thủ tục nào.", "No procedures found.");
const NONE_FOUND_FOR: Ui = ("Không tìm thấy thủ tục nào khớp với", "No procedure matches");
const NONE_FOUND_FILTERS: Ui =
    ("Không có thủ tục nào thuộc bộ lọc đã chọn.", "No procedure matches the chosen filters.");
const TIP_SPELLING: Ui = (
    "Kiểm tra lại chữ đã gõ, hoặc gõ ít chữ hơn (chỉ vài chữ chính của tên thủ tục).",
    "Check the spelling, or type fewer words (just the main words of the procedure's name).",
);
const TIP_FILTERS: Ui = (
    "Chọn “Tất cả lĩnh vực” và “Tất cả” để tìm trong mọi thủ tục.",
    "Choose “All fields” and “All” to search every procedure.",
);
const CLEAR_ALL: Ui = ("Xoá tìm kiếm và bộ lọc", "Clear search and filters");
const SHOW_MORE: Ui = ("Xem thêm", "Show more");
const SHOWING: Ui = ("Đang hiện", "Showing");
const OF: Ui = ("trên", "of");

/// What the citizen asked for; kept across visits to a procedure's page.
#[derive(Clone, Debug, Default)]
struct Filters {
    query: String,
    /// Field id, or empty for every field.
    field: String,
    online: Option<OnlineLevel>,
    limit: usize,
}

/// An index and the catalog and language it was built for.
type CachedIndex = (Weak<Catalog>, Lang, Arc<Searchable>);

thread_local! {
    static SAVED: RefCell<Filters> = RefCell::default();
    /// The last index built, so that coming back from a procedure's page does not
    /// rebuild it: valid while its catalog is the one on screen.
    static INDEX: RefCell<Option<CachedIndex>> = const { RefCell::new(None) };
}

/// Shares a value between memos; equal only to itself, so a rebuilt value is a change.
#[derive(Debug)]
struct Shared<T>(Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The search index of one catalog for one language.
struct Searchable {
    index: SearchIndex,
    /// For each indexed document, its position in `catalog.entries`.
    entries: Vec<u32>,
}

impl Searchable {
    /// The index of `catalog` for `lang`, built once and kept for the session.
    fn of(catalog: &Arc<Catalog>, lang: Lang) -> Arc<Searchable> {
        let cached = INDEX.with(|c| {
            c.borrow().as_ref().and_then(|(cat, l, index)| {
                (*l == lang && Weak::ptr_eq(cat, &Arc::downgrade(catalog))).then(|| index.clone())
            })
        });
        cached.unwrap_or_else(|| {
            let index = Arc::new(Searchable::new(catalog, lang));
            INDEX.with(|c| *c.borrow_mut() = Some((Arc::downgrade(catalog), lang, index.clone())));
            index
        })
    }

    fn new(catalog: &Catalog, lang: Lang) -> Searchable {
        let docs = search::catalog::docs_in(catalog, lang);
        let entries: Vec<u32> = catalog
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e, Entry::Ready(_)))
            .map(|(i, _)| i as u32)
            .collect();
        debug_assert_eq!(docs.len(), entries.len());
        Searchable { index: SearchIndex::new(&docs), entries }
    }
}

/// One row of the list: an entry of a particular catalog.
#[derive(Clone)]
struct Row {
    catalog: Arc<Catalog>,
    entry: usize,
}

impl Row {
    fn key(&self) -> (usize, usize) {
        (Arc::as_ptr(&self.catalog) as usize, self.entry)
    }
}

impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

#[derive(Clone, Default, PartialEq)]
struct Results {
    rows: Vec<Row>,
    /// Usable procedures matching, in all.
    total: usize,
    /// Usable procedures among `rows`.
    shown: usize,
}

/// A field in the field filter.
#[derive(Clone, Debug, PartialEq)]
struct FieldOption {
    id: String,
    name: Text,
    count: usize,
}

fn count_text(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (_, 0) => tr(lang, NONE_FOUND).to_owned(),
        (Lang::Vi, n) => format!("{} thủ tục", display::number(n as u64).vi),
        (Lang::En, 1) => "1 procedure".to_owned(),
        (Lang::En, n) => format!("{} procedures", display::number(n as u64).en),
    }
}

fn keeps(p: &Procedure, field: &str, online: Option<OnlineLevel>) -> bool {
    (field.is_empty() || p.field.id == field) && online.is_none_or(|o| p.online == o)
}

/// The search marks: see the module documentation.
mod search_perf {
    const START: &str = "tokhai:search:start";

    pub fn start() {
        if crate::perf::enabled() {
            if let Some(p) = leptos::prelude::window().performance() {
                let _ = p.mark(START);
            }
        }
    }

    /// Queues the end of the measure behind the reactive update just triggered.
    pub fn end_after_update() {
        crate::perf::measure_after_microtask("tokhai:search", START);
    }
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let state = use_catalog();
    let lang = use_lang();
    let catalog = state.catalog;

    let saved = SAVED.with(|s| s.borrow().clone());
    let query = RwSignal::new(saved.query.clone());
    let field = RwSignal::new(saved.field.clone());
    let online = RwSignal::new(saved.online);
    let limit = RwSignal::new(saved.limit.max(PAGE));
    Effect::new(move || {
        let f = Filters { query: query.get(), field: field.get(), online: online.get(), limit: limit.get() };
        SAVED.with(|s| *s.borrow_mut() = f);
    });

    Effect::new(move || {
        let title = tr(lang.get(), PAGE_TITLE);
        document().set_title(title);
    });

    let searchable: Memo<Option<Shared<Searchable>>> = Memo::new(move |_| {
        let cat = catalog.get()?;
        Some(Shared(Searchable::of(&cat, lang.get())))
    });

    // The benchmark and the tests wait for this: the list is on screen and usable.
    // Then, once that frame is painted, the search index is built, so that the
    // first keystroke does not pay for it.
    // Also ready once the portal answered without a usable catalog (refused,
    // unreachable): the page then says why instead of loading for ever.
    Effect::new(move || {
        if catalog.with(Option::is_some) || !state.refreshing.get() {
            request_animation_frame(move || {
                crate::ready::mark_interactive();
                // `try_`: the page may be gone by then.
                set_timeout(move || _ = searchable.try_with_untracked(|_| ()), std::time::Duration::ZERO);
            });
        }
    });

    let fields: Memo<Vec<FieldOption>> = Memo::new(move |_| {
        let lang = lang.get();
        catalog.with(|cat| {
            let Some(cat) = cat else { return Vec::new() };
            let mut out: Vec<FieldOption> = Vec::new();
            for p in cat.procedures() {
                match out.iter_mut().find(|f| f.id == p.field.id) {
                    Some(f) => f.count += 1,
                    None => out.push(FieldOption { id: p.field.id.clone(), name: p.field.name.clone(), count: 1 }),
                }
            }
            out.sort_by_cached_key(|f| fold(f.name.get(lang)));
            out
        })
    });

    let results: Memo<Results> = Memo::new(move |_| {
        let Some(cat) = catalog.get() else { return Results::default() };
        let limit = limit.get();
        let online = online.get();
        field.with(|field| {
            query.with(|q| {
                let mut out = Results::default();
                if q.trim().is_empty() {
                    // Browsing: catalog order; broken procedures only when nothing
                    // narrows the list (they have no usable field or level).
                    let narrowed = !field.is_empty() || online.is_some();
                    for (i, e) in cat.entries.iter().enumerate() {
                        let (show, ready) = match procedure_of(e) {
                            Some(p) => (keeps(p, field, online), true),
                            None => (!narrowed, false),
                        };
                        if !show {
                            continue;
                        }
                        out.total += usize::from(ready);
                        if out.rows.len() < limit {
                            out.shown += usize::from(ready);
                            out.rows.push(Row { catalog: cat.clone(), entry: i });
                        }
                    }
                } else {
                    searchable.with(|s| {
                        let Some(Shared(s)) = s else { return };
                        let found = s.index.search_where(q, limit, |doc| {
                            procedure_of(&cat.entries[s.entries[doc] as usize]).is_some_and(|p| keeps(p, field, online))
                        });
                        out.total = found.total;
                        out.shown = found.hits.len();
                        out.rows = found
                            .hits
                            .iter()
                            .map(|h| Row { catalog: cat.clone(), entry: s.entries[h.index] as usize })
                            .collect();
                    });
                }
                out
            })
        })
    });

    let input_ref = NodeRef::<html::Input>::new();
    let on_input = move |ev: leptos::ev::Event| {
        search_perf::start();
        limit.set(PAGE);
        query.set(event_target_value(&ev));
        search_perf::end_after_update();
    };
    let clear_query = move || {
        query.set(String::new());
        limit.set(PAGE);
        if let Some(input) = input_ref.get_untracked() {
            input.set_value("");
            let _ = input.focus();
        }
    };
    let clear_all = move || {
        field.set(String::new());
        online.set(None);
        clear_query();
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        // "Search" on the phone keyboard: the results are already there; hide the keyboard.
        ev.prevent_default();
        if let Some(input) = input_ref.get_untracked() {
            let _ = input.blur();
        }
    };

    let online_option = move |value: Option<OnlineLevel>, id: &'static str, label: Ui| {
        view! {
            <label class="segment" for=id>
                <input type="radio" id=id name="online" value=id
                    prop:checked=move || online.get() == value
                    on:change=move |_| { online.set(value); limit.set(PAGE); }/>
                <span class="segment-face"><span>{t(label)}</span></span>
            </label>
        }
    };

    let searching = move || query.with(|q| !q.trim().is_empty());
    let narrowed = move || field.with(|f| !f.is_empty()) || online.with(Option::is_some);

    view! {
        <div class="page-catalog">
        <h1>{t(i18n::PROCEDURES)}</h1>
        {move || state.problems.get().into_iter().map(|p| {
            view! { <p class="notice" role="status">{move || p.get(lang.get()).to_owned()}</p> }
        }).collect_view()}
        <Show when=move || catalog.with(Option::is_some)
            fallback=move || state.refreshing.get().then(|| view! { <p class="loading" role="status">{t(i18n::LOADING_CATALOG)}</p> })>
            {move || catalog.with(|c| c.as_ref().is_some_and(|c| c.header.sample))
                .then(|| view! { <p class="sample-banner">{t(i18n::SAMPLE_DATA)}</p> })}
            <form class="catalog-search" role="search" aria-label=t(FILTERS_LABEL) on:submit=on_submit>
                <label class="field-label" for="catalog-q">{t(i18n::SEARCH_LABEL)}</label>
                <p class="hint" id="catalog-q-hint">{t(SEARCH_HINT)}</p>
                <div class="search-row">
                    <input id="catalog-q" type="search" enterkeyhint="search" autocomplete="off"
                        autocapitalize="none" spellcheck="false" aria-describedby="catalog-q-hint"
                        placeholder=t(SEARCH_PLACEHOLDER)
                        prop:value=saved.query.clone()
                        node_ref=input_ref on:input=on_input/>
                    <button type="button" class="button button-secondary search-clear"
                        hidden=move || !searching() aria-label=t(CLEAR_LABEL)
                        on:click=move |_| clear_query()>
                        {t(CLEAR)}
                    </button>
                </div>
                <div class="filters">
                    <div class="filter">
                        <label class="field-label" for="catalog-field">{t(i18n::FIELD)}</label>
                        <select id="catalog-field" on:change=move |ev| { field.set(event_target_value(&ev)); limit.set(PAGE); }>
                            <option value="" prop:selected=move || field.with(String::is_empty)>
                                {move || format!("{} ({})", tr(lang.get(), ALL_FIELDS),
                                    catalog.with(|c| c.as_ref().map_or(0, |c| c.procedures().count())))}
                            </option>
                            {move || fields.get().into_iter().map(|f| {
                                let id = f.id.clone();
                                let selected = move || field.with(|s| *s == id);
                                view! {
                                    <option value=f.id.clone() prop:selected=selected>
                                        {format!("{} ({})", f.name.get(lang.get_untracked()), f.count)}
                                    </option>
                                }
                            }).collect_view()}
                        </select>
                    </div>
                    <fieldset class="filter segmented">
                        <legend class="field-label">{t(i18n::ONLINE_LEVEL)}</legend>
                        <div class="segments">
                            {online_option(None, "online-all", ALL_LEVELS)}
                            {online_option(Some(OnlineLevel::Full), "online-full", i18n::ONLINE_FULL)}
                            {online_option(Some(OnlineLevel::Partial), "online-partial", i18n::ONLINE_PARTIAL)}
                        </div>
                    </fieldset>
                </div>
            </form>
            <p class="result-count" class:visually-hidden=move || results.with(|r| r.total == 0) role="status">
                {move || count_text(lang.get(), results.with(|r| r.total))}
            </p>
            <ul class="procedure-list" aria-label=t(i18n::PROCEDURES) hidden=move || results.with(|r| r.rows.is_empty())>
                <For each=move || results.with(|r| r.rows.clone()) key=Row::key
                    children=|row: Row| match &row.catalog.entries[row.entry] {
                        Entry::Ready(_) => view! { <ProcedureCard catalog=row.catalog.clone() entry=row.entry/> }.into_any(),
                        Entry::Broken(e) => view! { <BrokenCard error=e.clone()/> }.into_any(),
                    }/>
            </ul>
            <Show when=move || results.with(|r| r.total == 0)>
                <div class="empty-state">
                    <p class="empty-title">
                        {move || if searching() {
                            format!("{} “{}”.", tr(lang.get(), NONE_FOUND_FOR), query.get().trim())
                        } else {
                            tr(lang.get(), NONE_FOUND_FILTERS).to_owned()
                        }}
                    </p>
                    <ul class="tips">
                        {move || searching().then(|| view! { <li>{t(TIP_SPELLING)}</li> })}
                        {move || narrowed().then(|| view! { <li>{t(TIP_FILTERS)}</li> })}
                    </ul>
                    <button type="button" class="button button-primary" on:click=move |_| clear_all()>
                        {t(CLEAR_ALL)}
                    </button>
                </div>
            </Show>
            <Show when=move || results.with(|r| r.shown < r.total)>
                <div class="show-more">
                    <p>
                        {move || {
                            let l = lang.get();
                            let (shown, total) = results.with(|r| (r.shown as u64, r.total as u64));
                            format!("{} {} {} {}", tr(l, SHOWING), display::number(shown).get(l),
                                tr(l, OF), count_text(l, total as usize))
                        }}
                    </p>
                    <button type="button" class="button button-secondary" on:click=move |_| limit.update(|l| *l += PAGE)>
                        {move || {
                            let more = results.with(|r| (r.total - r.shown).min(PAGE));
                            format!("{} {}", tr(lang.get(), SHOW_MORE), count_text(lang.get(), more))
                        }}
                    </button>
                </div>
            </Show>
            <p class="catalog-version">
                {t(i18n::CATALOG_VERSION)} ": "
                {move || catalog.with(|c| c.as_ref().map(|c| c.header.version.clone()))}
            </p>
        </Show>
        </div>
    }
}
