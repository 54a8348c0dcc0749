//! The procedure page: what the citizen needs to know before starting.

use leptos::prelude::*;

#[component]
pub fn ProcedurePage() -> impl IntoView {
    view! { <h1>"…"</h1> }
}
