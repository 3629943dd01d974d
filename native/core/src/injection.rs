//! Prompt-injection markers in tool output.

use crate::Finding;

pub fn scan(_text: &str) -> Vec<Finding> {
    Vec::new()
}
