//! Search: Vietnamese diacritic folding and the procedure search index.
//!
//! Citizens type on phone keyboards, often without diacritics: everything is
//! compared after [`fold()`], so `dang ky khai sinh` finds `Đăng ký khai sinh`.

pub mod catalog;
pub mod fold;
pub mod rank;

pub use fold::{fold, fold_into};
pub use rank::{Found, Hit, SearchDoc, SearchIndex};
