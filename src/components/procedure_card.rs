//! A procedure in a list: one card that is one link (named by the procedure's
//! name), and the error card of a procedure whose data is broken.

use std::sync::Arc;

use leptos::prelude::*;
use tokhai_core::catalog::{Catalog, Entry, OnlineLevel, Procedure, ProcedureError};
use tokhai_core::filing::{FilingRule, Guidance};

use crate::i18n::{self, t, tr, use_lang};

/// The address of a procedure's page.
pub fn procedure_href(code: &str) -> String {
    format!("/thu-tuc/{}", String::from(js_sys::encode_uri_component(code)))
}

/// The address of a procedure's form.
pub fn form_href(code: &str) -> String {
    format!("{}/to-khai", procedure_href(code))
}

/// The online-level badge and, for procedures that may be filed away from
/// home (the filing rule's guidance: any ward, or any province), that badge.
#[component]
pub fn ProcedureBadges(online: OnlineLevel, guidance: Guidance) -> impl IntoView {
    let lang = use_lang();
    let (label, class) = match online {
        OnlineLevel::Full => (i18n::ONLINE_FULL, "badge badge-online-full"),
        OnlineLevel::Partial => (i18n::ONLINE_PARTIAL, "badge"),
    };
    view! {
        <p class="badges">
            <span class=class>{move || tr(lang.get(), label)}</span>
            {match guidance {
                Guidance::AnyWard => Some(i18n::ANY_WARD),
                Guidance::AnyProvince => Some(i18n::ANY_PROVINCE),
                Guidance::ResidenceWard | Guidance::ResidenceProvince | Guidance::Central => None,
            }
            .map(|label| view! { <span class="badge badge-any-ward">{t(label)}</span> })}
        </p>
    }
}

/// The usable procedure of a catalog entry.
pub fn procedure_of(entry: &Entry) -> Option<&Procedure> {
    match entry {
        Entry::Ready(form) => Some(&form.procedure),
        Entry::Broken(_) => None,
    }
}

fn ready(catalog: &Catalog, entry: usize) -> Option<&Procedure> {
    catalog.entries.get(entry).and_then(procedure_of)
}

/// One usable procedure of `catalog.entries[entry]`, as a list item. The whole
/// card is the link (stretched over the card in CSS); its accessible name is the
/// procedure's name alone, and the name stays a heading.
#[component]
pub fn ProcedureCard(catalog: Arc<Catalog>, entry: usize) -> impl IntoView {
    let lang = use_lang();
    let Some(p) = ready(&catalog, entry) else { return ().into_any() };
    let href = procedure_href(&p.code);
    let code = p.code.clone();
    let (online, guidance) = (p.online, FilingRule::of(p).guidance());
    let (c1, c2) = (catalog.clone(), catalog);
    let name = move || ready(&c1, entry).map(|p| p.name.get(lang.get()).to_owned());
    let field = move || ready(&c2, entry).map(|p| p.field.name.get(lang.get()).to_owned());
    view! {
        <li class="procedure procedure-card">
            <h2 class="procedure-name"><a class="card-link" href=href>{name}</a></h2>
            <p class="procedure-meta">
                <span>{field}</span>
                " · "
                <span class="nowrap">{t(i18n::PROCEDURE_CODE)} " " {code}</span>
            </p>
            <ProcedureBadges online=online guidance=guidance/>
        </li>
    }
    .into_any()
}

/// A procedure whose data is broken: shown, not openable, with the technical reason.
#[component]
pub fn BrokenCard(error: ProcedureError) -> impl IntoView {
    let lang = use_lang();
    let name = error.name.clone();
    let code = error.code.clone().unwrap_or_else(|| "?".into());
    let detail = error.to_string();
    view! {
        <li class="procedure procedure-broken">
            <h2 class="procedure-name">
                {move || name.as_ref().map(|n| n.get(lang.get()).to_owned()).unwrap_or_else(|| code.clone())}
            </h2>
            <p>{t(i18n::BROKEN_PROCEDURE)}</p>
            <details>
                <summary>{t(i18n::TECHNICAL_DETAILS)}</summary>
                <p class="mono">{detail}</p>
            </details>
        </li>
    }
}
