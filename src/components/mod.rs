//! Small reusable pieces of the interface.

pub mod header;
pub mod procedure_card;
pub mod form;
