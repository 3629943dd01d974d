//! Shell commands parsed with tree-sitter-bash and classified.
//!
//! The pipeline: parse with a thread-local tree-sitter parser ([`parse`]), walk the tree telling
//! executed code from data ([`walk`]), unwrap wrappers such as `sudo`, `env`, `xargs` and
//! `bash -c` down to the command that really runs ([`exec`]), and classify it ([`rules`]).
//! Code hidden in strings (`bash -c '…'`, `eval '…'`, heredocs fed to a shell) is parsed again,
//! with spans mapped back into the original input.

use std::cell::RefCell;
use std::sync::{Arc, Once};

use crate::repo::RepoStatus;
use crate::{Finding, Span};

mod code;
mod consequence;
mod definitions;
mod effects;
mod exec;
mod fetch;
mod files;
mod git;
mod interp;
mod kinds;
mod network;
mod opts;
mod packages;
mod pathclass;
mod rules;
mod runners;
mod secret_tools;
mod walk;
mod words;

#[cfg(test)]
mod tests;

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
    /// Workspace roots whose repository state the judgement needed but the context lacked: the
    /// caller reads it (`git status`) and classifies again. Until then nothing there counts as
    /// recoverable.
    pub needs_repo: Vec<String>,
}

/// Where the command runs, for telling scratch space from the project.
///
/// Paths under /tmp, /var/tmp, /dev/shm count as scratch space, where recursive deletes are
/// harmless. A target that is the working directory or a protected root, lies inside one or
/// lies above one is not scratch space even under /tmp: the project may live there.
/// Entries that are not absolute paths are ignored.
#[derive(Debug, Clone, Default)]
pub struct ShellContext {
    /// The directory the command runs in (absolute).
    pub cwd: Option<String>,
    /// The workspace roots (absolute). With none, the working directory is the project.
    pub protected_roots: Vec<String>,
    /// The user's home directory (absolute), for `~` and `$HOME`.
    pub home: Option<String>,
    /// Temp directories besides /tmp, /var/tmp and /dev/shm (e.g. `$TMPDIR`).
    pub temp_dirs: Vec<String>,
    /// What git can restore in each repository the workspace holds.
    pub repos: Vec<Arc<RepoStatus>>,
}

/// Parse and classify one shell command line (or script), with no knowledge of where it runs.
pub fn analyze(command: &str) -> ShellAnalysis {
    analyze_in(command, &ShellContext::default())
}

/// Parse and classify one shell command line (or script) run in `ctx`.
pub fn analyze_in(command: &str, ctx: &ShellContext) -> ShellAnalysis {
    walk::Analyzer::run(command, ctx)
}

/// Parse and walk every node with a cursor; returns the node count. The AST benchmark's workload.
pub fn parse_and_walk(command: &str) -> usize {
    let Some(tree) = parse(command) else { return 0 };
    let mut cursor = tree.walk();
    let mut count = 0usize;
    loop {
        count += 1;
        if cursor.goto_first_child() || cursor.goto_next_sibling() {
            continue;
        }
        loop {
            if !cursor.goto_parent() {
                return count;
            }
            if cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

/// Parse only; returns whether a tree came back. For timing the parser apart from the walks.
#[doc(hidden)]
pub fn parse_only(command: &str) -> bool {
    parse(command).is_some()
}

thread_local! {
    static PARSER: RefCell<Option<tree_sitter::Parser>> = const { RefCell::new(None) };
}

/// Hands tree-sitter's allocations to mimalloc, once, before the first parser exists.
///
/// A parse is mostly small allocations and frees (subtrees, stack nodes), which mimalloc serves
/// faster than the system allocator: the seed's build script parses in about 195 µs instead of
/// 203 µs in Rust, and `parseAndWalkShell` takes about 218 µs instead of 240 µs inside Node,
/// whose own heap makes the system allocator slower still.
#[allow(unsafe_code)]
fn use_mimalloc_for_tree_sitter() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: the four functions are one thread-safe allocator family. The switch happens
        // before any tree-sitter object exists: they are only made in this module, all from a
        // parser that `parse` creates after this call (`Once` makes other threads wait for it),
        // so nothing tree-sitter allocated with the old allocator is ever freed with mimalloc
        // (a `Language` of the compiled-in grammar, as `kinds` makes, allocates nothing). The
        // Rust binding frees what the C library hands it through the same `free`.
        unsafe {
            tree_sitter::set_allocator(
                Some(libmimalloc_sys::mi_malloc),
                Some(libmimalloc_sys::mi_calloc),
                Some(libmimalloc_sys::mi_realloc),
                Some(libmimalloc_sys::mi_free),
            );
        }
    });
}

/// Parses `text` with this thread's parser (created on first use). The borrow ends before the
/// tree is returned, so nested parses (of `bash -c` strings) while walking a tree are fine.
pub(crate) fn parse(text: &str) -> Option<tree_sitter::Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        if slot.is_none() {
            use_mimalloc_for_tree_sitter();
            let mut parser = tree_sitter::Parser::new();
            parser
                .set_language(&tree_sitter_bash::LANGUAGE.into())
                .ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut()?;
        let tree = parser.parse(text, None);
        if tree.is_none() {
            // A failed parse leaves the parser mid-parse; start clean next time.
            parser.reset();
        }
        tree
    })
}
