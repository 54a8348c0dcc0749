//! One module per screen.

pub mod catalog;
pub mod form;
pub mod procedure;
