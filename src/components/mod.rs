//! Small reusable pieces of the interface.

pub mod connection;
pub mod header;
pub mod procedure_card;
pub mod form;
pub mod update_banner;
pub mod nav;
pub mod session_bar;
