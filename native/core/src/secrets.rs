//! Provider token formats in one compiled RegexSet with a keyword prefilter.

use crate::Finding;

/// The text with every secret replaced by `[REDACTED:<rule>]`, and what was replaced.
#[derive(Debug, Clone)]
pub struct Redaction {
    pub text: String,
    pub findings: Vec<Finding>,
}

/// Ids of all built-in rules (for coverage reports and the schema).
pub fn rule_ids() -> Vec<&'static str> {
    Vec::new()
}

pub fn scan(_text: &str) -> Vec<Finding> {
    Vec::new()
}

pub fn redact(text: &str) -> Redaction {
    Redaction { text: text.to_owned(), findings: Vec::new() }
}
