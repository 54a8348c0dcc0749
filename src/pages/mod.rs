//! One module per screen.

pub mod catalog;
pub mod drafts;
pub mod form;
pub mod procedure;
pub mod settings;
