//! One module per screen.

pub mod catalog;
pub mod dashboard;
pub mod drafts;
pub mod form;
pub mod outbox;
pub mod procedure;
pub mod receipt;
pub mod session;
pub mod settings;
pub mod settings_operator;
