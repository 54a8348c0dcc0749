//! The app's own interface strings (catalog text comes from the catalog).
//! Each is a (Vietnamese, English) pair; Vietnamese is the default language.

use leptos::prelude::*;
pub use tokhai_core::i18n::{Lang, Text};

/// A fixed interface string.
pub type Ui = (&'static str, &'static str);

pub fn tr(lang: Lang, s: Ui) -> &'static str {
    match lang {
        Lang::Vi => s.0,
        Lang::En => s.1,
    }
}

/// The current language, provided at the root.
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

/// A reactive view of a fixed string in the current language.
pub fn t(s: Ui) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || tr(lang.get(), s)
}

pub const APP_NAME: Ui = ("Tờ khai", "Tờ khai");
pub const APP_TAGLINE: Ui = ("Khai hồ sơ dịch vụ công, kể cả khi không có mạng", "Fill in public service forms, even offline");
pub const SKIP_TO_CONTENT: Ui = ("Bỏ qua, đến nội dung chính", "Skip to main content");
pub const SWITCH_LANG: Ui = ("English", "Tiếng Việt");
pub const SWITCH_LANG_LABEL: Ui = ("Chuyển sang tiếng Anh", "Switch to Vietnamese");
pub const PROCEDURES: Ui = ("Thủ tục hành chính", "Administrative procedures");
pub const LOADING_CATALOG: Ui = ("Đang tải danh mục thủ tục…", "Loading the procedure catalog…");
pub const SAMPLE_DATA: Ui = ("Dữ liệu minh hoạ — không dùng để nộp hồ sơ thật.", "Demonstration data — not for real filings.");
pub const ONLINE_FULL: Ui = ("Toàn trình", "Full online");
pub const ONLINE_PARTIAL: Ui = ("Một phần", "Partly online");
pub const ANY_WARD: Ui = ("Nộp tại bất kỳ xã, phường nào", "File at any ward");
pub const ANY_PROVINCE: Ui = ("Nộp tại bất kỳ tỉnh, thành phố nào", "File in any province");
pub const PROCEDURE_CODE: Ui = ("Mã thủ tục", "Procedure code");
pub const CATALOG_VERSION: Ui = ("Phiên bản danh mục", "Catalog version");
pub const BROKEN_PROCEDURE: Ui = (
    "Thủ tục này đang bị lỗi dữ liệu nên chưa dùng được. Các thủ tục khác vẫn dùng bình thường.",
    "This procedure's data is faulty, so it cannot be used yet. Other procedures work normally.",
);
pub const TECHNICAL_DETAILS: Ui = ("Chi tiết kỹ thuật", "Technical details");
pub const NOT_FOUND: Ui = ("Không tìm thấy trang này.", "Page not found.");
pub const BACK_HOME: Ui = ("Về trang chủ", "Back to the home page");

// Catalog and procedure pages.
pub const SEARCH_LABEL: Ui = ("Tìm thủ tục", "Find a procedure");
pub const FIELD: Ui = ("Lĩnh vực", "Field");
pub const ONLINE_LEVEL: Ui = ("Mức độ trực tuyến", "Online level");
pub const START_FORM: Ui = ("Bắt đầu khai", "Start filling in");
pub const BACK_TO_LIST: Ui = ("Về danh sách thủ tục", "Back to the procedure list");

// Offline shell: connection indicator (components/connection.rs) and update
// banner (components/update_banner.rs).
pub const CONNECTION_ONLINE: Ui = ("Trực tuyến", "Online");
pub const CONNECTION_OFFLINE: Ui = ("Đang ngoại tuyến — vẫn khai và lưu được", "Offline — you can still fill in and save");
pub const CONNECTION_UNREACHABLE: Ui = (
    "Không kết nối được cổng dịch vụ công — vẫn khai và lưu được",
    "Cannot reach the portal — you can still fill in and save",
);
pub const UPDATE_AVAILABLE: Ui = ("Có phiên bản mới — cập nhật", "A new version is available — update");
pub const UPDATING: Ui = ("Đang cập nhật…", "Updating…");
