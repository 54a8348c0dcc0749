//! On an operator device: who the device is serving now, and the
//! "Công dân tiếp theo" button that ends the session.

use leptos::prelude::*;
use tokhai_core::time::Instant;

use crate::i18n::{tr, use_lang, Ui};

const SERVING: Ui = ("Đang phục vụ một công dân · phiên từ", "Serving a citizen · session since");
const IDLE: Ui = ("Chưa có công dân nào. Mỗi công dân khai trong một phiên riêng, có mã PIN.", "No citizen yet. Each citizen fills in within their own PIN-protected session.");
const START: Ui = ("Bắt đầu cho công dân mới", "Start for a new citizen");
const NEXT: Ui = ("Công dân tiếp theo", "Next citizen");
const CLOSED: Ui = ("Đã kết thúc phiên. Máy sẵn sàng cho công dân tiếp theo.", "Session ended. The device is ready for the next citizen.");
const LABEL: Ui = ("Phiên làm việc", "Session");

#[component]
pub fn SessionBar() -> impl IntoView {
    let lang = use_lang();
    let operator = crate::operator::settings();
    let open = crate::session::open_session();
    let just_closed = web_sys::window().and_then(|w| w.location().search().ok()).is_some_and(|s| s.contains("phien=da-dong"));
    move || {
        operator.get().map(|_| {
            let l = lang.get();
            view! {
                <section class="session-bar" aria-label=tr(l, LABEL)>
                    {match open.get() {
                        Some(s) => {
                            let t = Instant(s.started_at);
                            let (h, m) = t.vietnam_hh_mm();
                            view! {
                                <p>{format!("{} {h:02}:{m:02}", tr(l, SERVING))}</p>
                                <a class="button button-secondary" href="/cong-dan-tiep-theo">{tr(l, NEXT)}</a>
                            }
                            .into_any()
                        }
                        None => view! {
                            <p role="status">{if just_closed { tr(l, CLOSED) } else { tr(l, IDLE) }}</p>
                            <a class="button button-primary" href="/phien-moi">{tr(l, START)}</a>
                        }
                        .into_any(),
                    }}
                </section>
            }
        })
    }
}
