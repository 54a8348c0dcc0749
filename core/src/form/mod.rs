//! A procedure's form as the app fills it.
//!
//! [`Form`] is a procedure whose schema and rules are compiled and whose `ui`
//! was checked against the schema at catalog load. Around it: the walk that
//! decides what is shown ([`Form::walk`]), turning typed text into values
//! ([`value`]), dropping what is hidden ([`Form::prune`]), whole-form checks
//! ([`Form::check`]) and completeness ([`Form::progress`]).

mod check;
mod compile;
pub mod documents;
mod env;
mod migrate;
mod progress;
mod prune;
pub mod value;
mod walk;

pub use check::FormErrors;
pub use compile::{Form, FormError};
pub use env::{Env, VnFormats};
pub use migrate::SetAside;
pub use progress::Progress;
pub use walk::{child_ptr, step_ptr, Instance, RuleState};
