//! Shell commands parsed with tree-sitter-bash and classified.

use crate::{Finding, Span};

/// How a command touches a path it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    /// A path-like argument whose use the classifier cannot tell.
    Unknown,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
            Access::Unknown => "unknown",
        }
    }
}

/// A path the command names: a redirect target or a path-like argument, as written (not resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TouchedPath {
    pub path: String,
    pub access: Access,
    pub span: Span,
}

/// One command that would actually execute, after unwrapping sudo/env/bash -c/...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutedCommand {
    pub name: String,
    pub args: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct ShellAnalysis {
    pub findings: Vec<Finding>,
    pub commands: Vec<ExecutedCommand>,
    pub paths: Vec<TouchedPath>,
    /// False when tree-sitter reported an error node; a `dynamic` finding says so too.
    pub parse_ok: bool,
}

/// Parse and classify one shell command line (or script).
pub fn analyze(_command: &str) -> ShellAnalysis {
    ShellAnalysis { parse_ok: true, ..ShellAnalysis::default() }
}

/// Parse and walk every node with a cursor; returns the node count. The AST benchmark's workload.
pub fn parse_and_walk(_command: &str) -> usize {
    0
}
