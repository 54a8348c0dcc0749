//! The catalog page: every procedure, from the portal or from the device.

use leptos::prelude::*;
use tokhai_core::catalog::{Entry, OnlineLevel, Procedure, ProcedureError};

use crate::catalog_state::use_catalog;
use crate::i18n::{self, t, tr, use_lang};

#[component]
pub fn CatalogPage() -> impl IntoView {
    let state = use_catalog();
    let lang = use_lang();
    let catalog = state.catalog;

    // The benchmark and the tests wait for this: the list is on screen and usable.
    Effect::new(move || {
        if catalog.with(Option::is_some) {
            request_animation_frame(crate::ready::mark_interactive);
        }
    });

    view! {
        <h1>{t(i18n::PROCEDURES)}</h1>
        {move || state.problems.get().into_iter().map(|p| {
            let p2 = p.clone();
            view! { <p class="notice" role="status">{move || p2.get(lang.get()).to_owned()}</p> }
        }).collect_view()}
        {move || match catalog.get() {
            None => view! { <p class="loading" role="status">{t(i18n::LOADING_CATALOG)}</p> }.into_any(),
            Some(cat) => {
                let sample = cat.header.sample;
                let version = cat.header.version.clone();
                let items = cat.entries.iter().map(|e| match e {
                    Entry::Ready(p) => view! { <ProcedureItem procedure=(**p).clone()/> }.into_any(),
                    Entry::Broken(err) => view! { <BrokenItem error=err.clone()/> }.into_any(),
                }).collect_view();
                view! {
                    {sample.then(|| view! { <p class="sample-banner">{t(i18n::SAMPLE_DATA)}</p> })}
                    <ul class="procedure-list" aria-label=t(i18n::PROCEDURES)>{items}</ul>
                    <p class="catalog-version">{t(i18n::CATALOG_VERSION)} ": " {version}</p>
                }.into_any()
            }
        }}
    }
}

#[component]
fn ProcedureItem(procedure: Procedure) -> impl IntoView {
    let lang = use_lang();
    let p = StoredValue::new(procedure);
    let online = move || match p.with_value(|p| p.online) {
        OnlineLevel::Full => tr(lang.get(), i18n::ONLINE_FULL),
        OnlineLevel::Partial => tr(lang.get(), i18n::ONLINE_PARTIAL),
    };
    view! {
        <li class="procedure">
            <h2 class="procedure-name">{move || p.with_value(|p| p.name.get(lang.get()).to_owned())}</h2>
            <p class="procedure-meta">
                <span>{move || p.with_value(|p| p.field.name.get(lang.get()).to_owned())}</span>
                " · "
                <span>{t(i18n::PROCEDURE_CODE)} " " {p.with_value(|p| p.code.clone())}</span>
            </p>
            <p class="badges">
                <span class="badge">{online}</span>
                {p.with_value(|p| p.any_ward).then(|| view! { <span class="badge badge-any-ward">{t(i18n::ANY_WARD)}</span> })}
            </p>
        </li>
    }
}

#[component]
fn BrokenItem(error: ProcedureError) -> impl IntoView {
    let lang = use_lang();
    let name = error.name.clone();
    let code = error.code.clone().unwrap_or_else(|| "?".into());
    let detail = error.to_string();
    view! {
        <li class="procedure procedure-broken">
            <h2 class="procedure-name">
                {move || name.as_ref().map(|n| n.get(lang.get()).to_owned()).unwrap_or_else(|| code.clone())}
            </h2>
            <p role="alert">{t(i18n::BROKEN_PROCEDURE)}</p>
            <details>
                <summary>{t(i18n::TECHNICAL_DETAILS)}</summary>
                <p class="mono">{detail}</p>
            </details>
        </li>
    }
}
