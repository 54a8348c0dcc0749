//! The root component: language, catalog state and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::components::nav::MainNav;
use crate::components::session_bar::SessionBar;
use crate::components::update_banner::UpdateBanner;
use crate::i18n::{self, t, Lang};
use crate::pages::catalog::CatalogPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::drafts::DraftsPage;
use crate::pages::form::{DraftPage, NewDraftPage};
use crate::pages::outbox::OutboxPage;
use crate::pages::receipt::ReceiptPage;
use crate::pages::session::{NextCitizenPage, StartSessionPage};
use crate::pages::settings::SettingsPage;
use crate::pages::procedure::ProcedurePage;

/// App-wide signals live in `thread_local`s and are created on first use; a
/// signal belongs to the reactive owner current at its creation and dies with
/// it. Creating them all here, under the App (which lives as long as the page),
/// keeps a page that happened to touch one first from taking it down with it.
fn create_global_signals() {
    crate::operator::settings();
    crate::operator::loaded();
    crate::session::open_session();
    crate::session::changed();
    crate::addresses::book();
    crate::addresses::status();
    crate::delivery::view();
    crate::connectivity::state();
    crate::sw::update_ready();
}

#[component]
pub fn App() -> impl IntoView {
    create_global_signals();
    // Read `?bench` from the first URL, before any redirect drops it.
    crate::perf::enabled();
    let lang = RwSignal::new(Lang::Vi);
    provide_context(lang);
    crate::catalog_state::provide();
    // Offline shell: the connection state and the service worker (update flow).
    crate::connectivity::start();
    crate::sw::start();
    // An update reload must not lose the last keystrokes.
    crate::sw::before_reload(crate::autosave::flush_all);
    // Changes a full phone could not store: the browser asks before the page goes.
    crate::autosave::guard_unload();
    // Send what is waiting in the outbox: now, when back online, when due.
    crate::delivery::start();
    // Operator mode (shared devices) and the sessions' auto-lock.
    crate::operator::start();
    crate::session::idle::start();
    // Keep <html lang> in step with the chosen language, for screen readers.
    Effect::new(move || {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().tag());
        }
    });
    view! {
        <Router>
            <a class="skip-link" href="#main">{t(i18n::SKIP_TO_CONTENT)}</a>
            <Header/>
            <MainNav/>
            <SessionBar/>
            <UpdateBanner/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=CatalogPage/>
                    <Route path=path!("/thu-tuc/:code") view=ProcedurePage/>
                    <Route path=path!("/thu-tuc/:code/to-khai") view=NewDraftPage/>
                    <Route path=path!("/ho-so/:id") view=DraftPage/>
                    <Route path=path!("/ho-so") view=DraftsPage/>
                    <Route path=path!("/cai-dat") view=SettingsPage/>
                    <Route path=path!("/hop-thu-di") view=OutboxPage/>
                    <Route path=path!("/bien-nhan/:id") view=ReceiptPage/>
                    <Route path=path!("/phien-moi") view=StartSessionPage/>
                    <Route path=path!("/cong-dan-tiep-theo") view=NextCitizenPage/>
                    <Route path=path!("/bang-dieu-khien") view=DashboardPage/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>{t(i18n::NOT_FOUND)}</h1>
        <p><a class="link-standalone" href="/">{t(i18n::BACK_HOME)}</a></p>
    }
}
