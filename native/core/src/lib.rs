//! Hookwarden's classifiers. Pure Rust: no napi types here; `native/napi` converts.
//!
//! Every classifier returns [`Finding`]s with a rule id, a category, a severity and a byte span
//! into the text it scanned, so the engine can explain a decision and the editor can highlight it.

pub mod finding;
pub mod injection;
pub mod paths;
pub mod patterns;
pub mod repo;
pub mod secrets;
pub mod shell;

pub use finding::{Finding, Severity, Span};
