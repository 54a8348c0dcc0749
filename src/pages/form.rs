//! The form page: one step per screen.

use leptos::prelude::*;

#[component]
pub fn FormPage() -> impl IntoView {
    view! { <h1>"…"</h1> }
}
