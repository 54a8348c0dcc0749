//! Registers the service worker (`public/sw.js`) and runs the update flow.
//!
//! A new version of the app installs in the background and then waits. The
//! app shows a banner (`components/update_banner.rs`); only when the user
//! presses it does the new worker take over and the page reload — never on its
//! own, so nobody loses what they are typing. Code with unsaved work registers
//! a [`before_reload`] hook to flush it first.
//!
//! Browsers without service workers (or insecure origins other than
//! localhost / 127.0.0.1) simply get no offline shell.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const SCRIPT: &str = "/sw.js";
/// If the new worker has not taken over this long after the user asked (it
/// failed, say), reload anyway: the user asked for it.
const RELOAD_FALLBACK_MS: u32 = 10_000;

// The few parts of the Service Worker API the app uses (web-sys has them
// behind features this crate does not enable).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(extends = web_sys::EventTarget)]
    type Container;
    #[wasm_bindgen(method)]
    fn register(this: &Container, url: &str, options: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(method, getter)]
    fn controller(this: &Container) -> Option<Worker>;

    #[wasm_bindgen(extends = web_sys::EventTarget)]
    #[derive(Clone)]
    type Registration;
    #[wasm_bindgen(method, getter)]
    fn installing(this: &Registration) -> Option<Worker>;
    #[wasm_bindgen(method, getter)]
    fn waiting(this: &Registration) -> Option<Worker>;
    #[wasm_bindgen(method)]
    fn update(this: &Registration) -> js_sys::Promise;

    #[wasm_bindgen(extends = web_sys::EventTarget)]
    #[derive(Clone)]
    type Worker;
    #[wasm_bindgen(method, getter)]
    fn state(this: &Worker) -> String;
    #[wasm_bindgen(method, js_name = postMessage)]
    fn post_message(this: &Worker, message: &JsValue);
}

thread_local! {
    static UPDATE_READY: RwSignal<bool> = RwSignal::new(false);
    static REGISTRATION: RefCell<Option<Registration>> = const { RefCell::new(None) };
    static WAITING: RefCell<Option<Worker>> = const { RefCell::new(None) };
    static HOOKS: RefCell<Vec<Rc<dyn Fn()>>> = RefCell::new(Vec::new());
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// The user pressed "update": the next controller change reloads the page.
    static APPLYING: Cell<bool> = const { Cell::new(false) };
    /// A worker controlled this page before (so a controller change is a new version).
    static HAD_CONTROLLER: Cell<bool> = const { Cell::new(false) };
}

/// True once a new version is installed and waiting for the user.
pub fn update_ready() -> ReadSignal<bool> {
    UPDATE_READY.with(|s| s.read_only())
}

/// Registers `f` to run just before the page reloads into a new version (after
/// the user pressed "update"). Start saving there: the reload waits for the new
/// worker to take over, which leaves IndexedDB transactions started in `f`
/// time to commit.
pub fn before_reload(f: impl Fn() + 'static) {
    HOOKS.with(|h| h.borrow_mut().push(Rc::new(f)));
}

/// Registers the service worker and starts watching for updates. Call once.
pub fn start() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    let Some(container) = container() else { return };
    HAD_CONTROLLER.with(|h| h.set(container.controller().is_some()));
    on(&container, "controllerchange", controller_changed);
    crate::connectivity::on_online(check_for_update);
    // Installing downloads the files the page has not fetched yet (address
    // data, icons): on 3G, let the page become interactive first.
    when_interactive(move || register(container));
}

fn register(container: Container) {
    leptos::task::spawn_local(async move {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"scope".into(), &"/".into());
        let Ok(reg) = JsFuture::from(container.register(SCRIPT, &options)).await else { return };
        let reg: Registration = reg.unchecked_into();
        REGISTRATION.with(|r| *r.borrow_mut() = Some(reg.clone()));
        if let Some(waiting) = reg.waiting() {
            set_waiting(waiting);
        }
        if let Some(installing) = reg.installing() {
            watch(installing);
        }
        let r = reg.clone();
        on(&reg, "updatefound", move || {
            if let Some(installing) = r.installing() {
                watch(installing);
            }
        });
        check_for_update();
    });
}

/// Asks the browser to look for a new `sw.js` now (at start and whenever the
/// app comes back online). Errors (offline) are ignored: it asks again later.
pub fn check_for_update() {
    let Some(reg) = REGISTRATION.with(|r| r.borrow().clone()) else { return };
    leptos::task::spawn_local(async move {
        let _ = JsFuture::from(reg.update()).await;
    });
}

/// The user pressed "update": flush unsaved work, let the waiting worker take
/// over, reload once it has.
pub fn apply_update() {
    if APPLYING.with(|a| a.replace(true)) {
        return;
    }
    let hooks: Vec<Rc<dyn Fn()>> = HOOKS.with(|h| h.borrow().clone());
    for f in hooks {
        f();
    }
    match WAITING.with(|w| w.borrow_mut().take()) {
        Some(worker) => {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            worker.post_message(&message);
            let _ = gloo_timers::callback::Timeout::new(RELOAD_FALLBACK_MS, reload).forget();
        }
        // Already active (another tab updated it): only the page is old.
        None => {
            let _ = gloo_timers::callback::Timeout::new(100, reload).forget();
        }
    }
}

fn controller_changed() {
    if APPLYING.with(Cell::get) {
        reload();
    } else if HAD_CONTROLLER.with(|h| h.replace(true)) {
        // Another tab updated: the waiting worker took over, but this page
        // still runs the old version; pressing "update" only reloads.
        WAITING.with(|w| w.borrow_mut().take());
        UPDATE_READY.with(|s| s.set(true));
    }
    // Otherwise this is the first install taking control: nothing to say.
}

/// Follows a worker that is installing; an installed one while a worker
/// already controls the page is an update.
fn watch(worker: Worker) {
    let check = move |w: &Worker| {
        if w.state() == "installed" && container().is_some_and(|c| c.controller().is_some()) {
            set_waiting(w.clone());
        }
    };
    check(&worker);
    let w = worker.clone();
    on(&worker, "statechange", move || check(&w));
}

fn set_waiting(worker: Worker) {
    WAITING.with(|w| *w.borrow_mut() = Some(worker));
    UPDATE_READY.with(|s| s.set(true));
}

fn reload() {
    thread_local! { static RELOADING: Cell<bool> = const { Cell::new(false) }; }
    if RELOADING.with(|r| r.replace(true)) {
        return;
    }
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Runs `f` once the app has marked itself interactive (`ready.rs`), or after
/// a while in any case.
fn when_interactive(f: impl FnOnce() + 'static) {
    const EVERY_MS: u32 = 250;
    const AT_MOST_MS: u32 = 10_000;
    let ready = || {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .is_some_and(|root| root.has_attribute("data-ready"))
    };
    if ready() {
        f();
        return;
    }
    let pending = Rc::new(RefCell::new(Some(f)));
    let timer: Rc<RefCell<Option<gloo_timers::callback::Interval>>> = Rc::new(RefCell::new(None));
    let (p, t) = (pending.clone(), timer.clone());
    let mut waited = 0;
    let interval = gloo_timers::callback::Interval::new(EVERY_MS, move || {
        waited += EVERY_MS;
        if ready() || waited >= AT_MOST_MS {
            // Stop the timer, but not from inside its own callback.
            if let Some(interval) = t.borrow_mut().take() {
                gloo_timers::callback::Timeout::new(0, move || drop(interval)).forget();
            }
            if let Some(f) = p.borrow_mut().take() {
                f();
            }
        }
    });
    *timer.borrow_mut() = Some(interval);
}

fn container() -> Option<Container> {
    let navigator = web_sys::window()?.navigator();
    let c = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    (!c.is_undefined() && !c.is_null()).then(|| c.unchecked_into())
}

/// Adds an event listener that lives as long as the page.
fn on(target: &web_sys::EventTarget, event: &str, f: impl Fn() + 'static) {
    let cb = Closure::<dyn Fn()>::new(f);
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    cb.forget();
}
