//! Judges effects by what is lost, not by how the command is spelled.
//!
//! - Outside the workspace roots and the temp directories: nothing is ours to destroy (deny).
//! - The file system root, system directories, the home directory, a workspace root, anything
//!   holding one, and `.git`: deny.
//! - Inside a workspace: git decides. Untracked files that are not ignored and changes not
//!   committed are lost for good (deny, naming them); ignored build output is regenerable
//!   (allow); tracked, unchanged files can be restored by git (`recoverable`, the policy's
//!   choice). When the repository state is not known, nothing counts as recoverable.

use std::sync::Arc;

use super::effects::{Effect, GitDiscard, GitEffect, LossEffect, LossKind};
use super::pathclass::{component_matches, MKTEMP_DIR};
use super::ShellContext;
use crate::finding::category;
use crate::repo::{Loss, RepoStatus};
use crate::{Finding, Severity};

/// Directory names that are build output or caches by convention: regenerable in a workspace
/// git does not track (with git, its ignore rules decide).
const BUILD_OUTPUT: &[&str] = &[
    "node_modules",
    "dist",
    "build",
    "target",
    "out",
    ".next",
    ".nuxt",
    ".turbo",
    ".parcel-cache",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".tox",
    ".gradle",
    "coverage",
    ".cache",
];

/// Joins `p` onto `cwd` and normalises `.`/`..`; None when `p` is relative and `cwd` unknown.
pub(super) fn join(cwd: Option<&str>, p: &str) -> Option<String> {
    let joined = if p.starts_with('/') {
        p.to_owned()
    } else {
        format!("{}/{p}", cwd?)
    };
    Some(normalize(&joined))
}

fn normalize(abs: &str) -> String {
    let mut comps: Vec<&str> = Vec::new();
    for c in abs.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                comps.pop();
            }
            other => comps.push(other),
        }
    }
    // macOS: /private/tmp is /tmp (likewise /var, /etc).
    if matches!(comps.as_slice(), ["private", "tmp" | "var" | "etc", ..]) {
        comps.remove(0);
    }
    format!("/{}", comps.join("/"))
}

/// A target as written → an absolute, normalised path (glob characters kept); None when it
/// cannot be known before run time.
pub(super) fn resolve(text: &str, cwd: Option<&str>, home: Option<&str>) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (base, rest): (Option<String>, &str) = if let Some(r) = text.strip_prefix("$HOME") {
        (home.map(str::to_owned), r)
    } else if let Some(r) = text.strip_prefix("${HOME}") {
        (home.map(str::to_owned), r)
    } else if let Some(r) = text.strip_prefix("$PWD").or(text.strip_prefix("${PWD}")) {
        (cwd.map(str::to_owned), r)
    } else if let Some(r) = text
        .strip_prefix("$TMPDIR")
        .or(text.strip_prefix("${TMPDIR}"))
    {
        (Some("/tmp".to_owned()), r)
    } else if let Some(after) = text.strip_prefix('~') {
        let end = after.find('/').unwrap_or(after.len());
        match &after[..end] {
            "" => (home.map(str::to_owned), &after[end..]),
            "+" => (cwd.map(str::to_owned), &after[end..]),
            user => (Some(format!("/home/{user}")), &after[end..]),
        }
    } else if text.starts_with('/') {
        (Some(String::new()), text)
    } else {
        (cwd.map(str::to_owned), text)
    };
    let base = base?;
    // A unique suffix (`/tmp/build-$$`) keeps the path where it is.
    let rest = rest
        .replace("${$}", "0")
        .replace("$$", "0")
        .replace("$RANDOM", "0")
        .replace("$BASHPID", "0");
    if rest.contains('$') || rest.contains('`') {
        return None;
    }
    Some(normalize(&format!("{base}/{rest}")))
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// `path` lies in `dir` (or is it).
fn within(path: &str, dir: &str) -> bool {
    dir == "/"
        || path == dir
        || (path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

/// Where an absolute target lies, for judging what destroying it costs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place<'a> {
    /// Temp directories: scratch space.
    Scratch,
    /// Never to be destroyed: what it is, for the reason.
    Critical(&'static str),
    /// Inside this workspace root.
    Workspace(&'a str),
    Outside,
}

struct Judge<'a> {
    ctx: &'a ShellContext,
    home: Option<&'a str>,
    roots: Vec<String>,
    findings: Vec<Finding>,
    needs_repo: Vec<String>,
}

/// Findings for what the effects lose, and the workspace roots whose repository state was needed
/// but not supplied (the engine reads it and asks again).
pub(super) fn judge(effects: &[Effect], ctx: &ShellContext) -> (Vec<Finding>, Vec<String>) {
    if effects.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut roots: Vec<String> = ctx
        .protected_roots
        .iter()
        .filter(|r| r.starts_with('/'))
        .map(|r| normalize(r))
        .filter(|r| r != "/")
        .collect();
    if roots.is_empty() {
        // With no workspace named, the directory the agent works in is the project.
        if let Some(c) = ctx.cwd.as_deref().filter(|c| c.starts_with('/')) {
            roots.push(normalize(c));
        }
    }
    let mut j = Judge {
        ctx,
        home: ctx.home.as_deref().filter(|h| h.starts_with('/')),
        roots,
        findings: Vec::new(),
        needs_repo: Vec::new(),
    };
    for e in effects {
        match e {
            Effect::Loss(l) => j.loss(l),
            Effect::Git(g) => j.git(g),
        }
    }
    (j.findings, j.needs_repo)
}

impl<'a> Judge<'a> {
    /// A finding about `l` whose message is "<by> <verb> <target><tail>".
    fn judged(&mut self, rule: &str, cat: &str, severity: Severity, l: &LossEffect, tail: &str) {
        let message = format!("{} {} {}{tail}", l.by, l.kind.verb(), clip(&l.target));
        self.report(rule, cat, severity, l.span, message);
    }

    /// The finding for uncommitted work a git command discards (or may discard).
    fn git_discard(&mut self, g: &GitEffect, message: String) {
        self.report(
            "shell.git-discard",
            category::DESTRUCTIVE_GIT,
            Severity::High,
            g.span,
            message,
        );
    }

    fn need_repo(&mut self, root: &str) {
        if !self.needs_repo.iter().any(|r| r == root) {
            self.needs_repo.push(root.to_owned());
        }
    }

    fn report(
        &mut self,
        rule: &str,
        cat: &str,
        severity: Severity,
        e_span: crate::Span,
        message: String,
    ) {
        if self
            .findings
            .iter()
            .any(|f| f.rule_id == rule && f.span == e_span)
        {
            return;
        }
        self.findings.push(Finding {
            rule_id: rule.to_owned(),
            category: cat.to_owned(),
            severity,
            span: e_span,
            message,
        });
    }

    fn place(&self, abs: &str) -> Place<'_> {
        // The static part of a glob decides where it lies; a glob right under a directory
        // destroys everything in that directory.
        let (stat, glob_all) = static_prefix(abs);
        // A fresh `mktemp` directory is scratch space wherever the command runs.
        if within(stat, &format!("/tmp/{MKTEMP_DIR}")) {
            return Place::Scratch;
        }
        if stat == "/" {
            return Place::Critical("the whole file system");
        }
        if let Some(h) = self.home {
            let everything_in_home =
                stat == h && abs[h.len()..].trim_start_matches('/').starts_with("**");
            if within(h, stat) && (stat != h || glob_all || !is_glob(abs) || everything_in_home) {
                return Place::Critical("the home directory");
            }
        }
        for r in &self.roots {
            if within(r, stat) && (stat != r.as_str() || glob_all || !is_glob(abs)) {
                return Place::Critical(if stat == r.as_str() {
                    "the workspace root"
                } else {
                    "a directory holding the workspace"
                });
            }
        }
        for r in &self.roots {
            if within(stat, r) {
                let rel = &stat[r.len()..].trim_start_matches('/');
                if rel.split('/').next() == Some(".git") {
                    return Place::Critical("the repository's .git directory");
                }
                return Place::Workspace(r.as_str());
            }
        }
        let comps: Vec<&str> = stat.split('/').filter(|c| !c.is_empty()).collect();
        // The temp directories and all in them are scratch space (a workspace in one is above).
        let temp = matches!(
            comps.as_slice(),
            ["tmp", ..] | ["var", "tmp", ..] | ["dev", "shm", ..]
        ) || self.ctx.temp_dirs.iter().any(|t| {
            t.starts_with('/')
                && t.len() > 1
                && within(stat, t.trim_end_matches('/'))
                && stat != t.trim_end_matches('/')
        });
        if temp {
            return Place::Scratch;
        }
        match comps.as_slice() {
            [_] | ["home" | "Users", _] => Place::Critical("a system directory"),
            _ => Place::Outside,
        }
    }

    fn repo_for(&self, abs: &str) -> Option<&Arc<RepoStatus>> {
        self.ctx
            .repos
            .iter()
            .filter(|r| within(abs, &r.root))
            .max_by_key(|r| r.root.len())
    }

    fn loss(&mut self, l: &LossEffect) {
        let what = if l.dynamic {
            None
        } else {
            resolve(&l.target, l.cwd.as_deref(), self.home)
        };
        let Some(abs) = what else {
            // Only known at run time: a recursive delete could be anything.
            if l.recursive && matches!(l.kind, LossKind::Delete | LossKind::Shred) {
                self.report(
                    "shell.loss-dynamic-target",
                    category::DESTRUCTIVE_FS,
                    Severity::High,
                    l.span,
                    format!(
                        "{} {} a path only known at run time ({}) and everything under it",
                        l.by,
                        l.kind.verb(),
                        clip(&l.target)
                    ),
                );
            } else if matches!(
                l.kind,
                LossKind::Delete | LossKind::Shred | LossKind::MoveAway
            ) {
                self.report(
                    "shell.loss-dynamic-target",
                    category::DYNAMIC,
                    Severity::Medium,
                    l.span,
                    format!(
                        "{} {} a path only known at run time ({})",
                        l.by,
                        l.kind.verb(),
                        clip(&l.target)
                    ),
                );
            }
            return;
        };
        let in_place = matches!(l.kind, LossKind::Overwrite | LossKind::Truncate);
        if l.kind == LossKind::Overwrite && std::fs::metadata(&abs).is_ok_and(|m| m.is_dir()) {
            return; // copied or moved into the directory, not over it
        }
        // Outside a repository, overwriting, truncating or moving what does not exist loses
        // nothing (inside one, git's state says what exists).
        let absent = l.kind != LossKind::Delete
            && l.kind != LossKind::Shred
            && !is_glob(&abs)
            && !exists(&abs);
        match self.place(&abs) {
            Place::Critical(_) | Place::Outside if absent => {}
            Place::Scratch => {}
            Place::Critical(what) => self.report(
                "shell.loss-critical",
                category::DESTRUCTIVE_FS,
                Severity::Critical,
                l.span,
                format!("{} {} {what} ({})", l.by, l.kind.verb(), clip(&l.target)),
            ),
            Place::Outside => {
                if in_place && is_device_or_proc(&abs) {
                    return;
                }
                self.report(
                    "shell.loss-outside-workspace",
                    category::DESTRUCTIVE_FS,
                    Severity::High,
                    l.span,
                    format!(
                        "{} {} {}, outside the workspace and the temp directories",
                        l.by,
                        l.kind.verb(),
                        clip(&abs)
                    ),
                );
            }
            Place::Workspace(root) => {
                let root = root.to_owned();
                self.in_workspace(l, &abs, &root);
            }
        }
    }

    fn in_workspace(&mut self, l: &LossEffect, abs: &str, root: &str) {
        let (stat, _) = static_prefix(abs);
        let subtree = l.recursive || is_glob(abs) || l.name_filter.is_some();
        let Some(repo) = self
            .repo_for(stat)
            .cloned()
            .or_else(|| self.repo_for(root).cloned())
        else {
            self.need_repo(root);
            self.judged(
                "shell.loss-unknown-state",
                category::DESTRUCTIVE_FS,
                Severity::High,
                l,
                " and the repository state is not known, so nothing counts as recoverable",
            );
            return;
        };
        if !repo.readable {
            self.judged(
                "shell.loss-unknown-state",
                category::DESTRUCTIVE_FS,
                Severity::High,
                l,
                "; git could not be read in time, so nothing counts as recoverable",
            );
            return;
        }
        // A workspace that an enclosing repository ignores is not managed by it: that
        // repository's ignore rules say nothing about what in the workspace is regenerable.
        let managed = repo.versioned && !repo.relative(root).is_some_and(|r| repo.is_ignored(r));
        let rel_stat = repo.relative(stat).map(str::to_owned).filter(|_| managed);
        let Some(rel_stat) = rel_stat else {
            // A workspace that is not a git repository: only conventional build output is
            // regenerable.
            let rel = stat[root.len().min(stat.len())..].trim_start_matches('/');
            let regenerable = rel.split('/').any(|c| BUILD_OUTPUT.contains(&c))
                || l.name_filter
                    .as_deref()
                    .is_some_and(|n| BUILD_OUTPUT.contains(&n));
            if !regenerable && (is_glob(abs) || l.name_filter.is_some() || exists(abs)) {
                self.judged(
                    "shell.loss-unversioned",
                    category::DESTRUCTIVE_FS,
                    Severity::High,
                    l,
                    ", which is not under version control: nothing can restore it",
                );
            }
            return;
        };
        let rel_pattern = repo.relative(abs).unwrap_or("").to_owned();
        let filter = l.name_filter.clone();
        let recursive = l.recursive;
        let matcher =
            |p: &str| entry_matches(p, &rel_stat, &rel_pattern, filter.as_deref(), recursive);
        let loss = repo.loss(&rel_stat, subtree, &matcher);
        if loss.inside_ignored {
            return;
        }
        let lost = Lost::of(&loss);
        if lost.count() > 0 {
            let dir_like = is_glob(abs)
                || l.name_filter.is_some()
                || std::fs::metadata(abs).is_ok_and(|m| m.is_dir());
            let in_what = if subtree && dir_like {
                format!(
                    " in {}",
                    if rel_stat.is_empty() {
                        "the workspace".to_owned()
                    } else {
                        format!("{rel_stat}/")
                    }
                )
            } else {
                String::new()
            };
            self.report(
                "shell.loss-unrecoverable",
                category::DESTRUCTIVE_FS,
                Severity::High,
                l.span,
                format!(
                    "{} {} {}{in_what} that git cannot restore ({})",
                    l.by,
                    l.kind.verb(),
                    lost.describe(),
                    lost.examples()
                ),
            );
            return;
        }
        let exists_now = is_glob(abs) || l.name_filter.is_some() || exists(abs);
        if exists_now && !is_glob(abs) && modified_after(abs, repo.read_at_ms) {
            // Changed since git was read: the state may not know it yet.
            self.need_repo(root);
            self.judged(
                "shell.loss-unknown-state",
                category::DESTRUCTIVE_FS,
                Severity::High,
                l,
                ", changed since the repository state was read",
            );
            return;
        }
        if exists_now {
            self.judged(
                "shell.loss-recoverable",
                category::RECOVERABLE,
                Severity::Low,
                l,
                ": tracked and unchanged, git can restore it",
            );
        }
    }

    fn git(&mut self, g: &GitEffect) {
        let Some(dir) = g.dir.clone() else {
            self.git_discard(g, format!("{} runs in a directory only known at run time; it would discard uncommitted work", g.by));
            return;
        };
        let root = match self.place(&dir) {
            Place::Workspace(r) => Some(r.to_owned()),
            Place::Critical("the workspace root") => {
                self.roots.iter().find(|r| **r == dir).cloned()
            }
            _ => None,
        };
        let Some(root) = root else {
            if matches!(g.what, GitDiscard::Stash { .. }) {
                return;
            }
            self.git_discard(
                g,
                format!(
                    "{} discards uncommitted work in {}, outside the workspace",
                    g.by,
                    clip(&dir)
                ),
            );
            return;
        };
        let Some(repo) = self.repo_for(&dir).cloned() else {
            self.need_repo(&root);
            self.git_discard(
                g,
                format!(
                    "{} would discard uncommitted work; the repository state is not known",
                    g.by
                ),
            );
            return;
        };
        if !repo.readable || repo.relative(&dir).is_none() {
            let why = if repo.readable {
                "the directory is not in a known repository"
            } else {
                "git could not be read in time"
            };
            self.git_discard(
                g,
                format!(
                    "{} may discard uncommitted work ({why}; nothing counts as recoverable)",
                    g.by
                ),
            );
            return;
        }
        if let GitDiscard::Stash { all } = g.what {
            if repo.stash_entries > 0 {
                let n = if all { repo.stash_entries } else { 1 };
                self.git_discard(
                    g,
                    format!(
                        "{} deletes {n} stash entr{} that git cannot restore",
                        g.by,
                        if n == 1 { "y" } else { "ies" }
                    ),
                );
            }
            return;
        }
        // The pathspecs (relative to `dir`), or the whole tree (`clean`: from `dir` down).
        let whole = if g.what == GitDiscard::Untracked {
            dir.clone()
        } else {
            repo.root.clone()
        };
        let specs: Vec<String> = if g.pathspecs.is_empty() {
            vec![whole]
        } else {
            g.pathspecs
                .iter()
                .filter_map(|p| join(Some(&dir), p.trim_start_matches(":/")))
                .collect()
        };
        let mut total = Lost::default();
        for spec in &specs {
            let Some(rel) = repo.relative(spec) else {
                continue;
            };
            let (stat, _) = static_prefix(spec);
            let rel_stat = repo.relative(stat).unwrap_or("").to_owned();
            let rel = rel.to_owned();
            let loss = repo.changes_under(&rel_stat, &|p: &str| {
                entry_matches(p, &rel_stat, &rel, None, true)
            });
            let lost = match g.what {
                GitDiscard::Untracked => Lost {
                    untracked: loss.untracked,
                    ..Lost::default()
                },
                GitDiscard::Unstaged => Lost {
                    changed: loss.unstaged,
                    ..Lost::default()
                },
                _ => Lost {
                    changed: loss.unstaged.into_iter().chain(loss.staged).collect(),
                    ..Lost::default()
                },
            };
            total.untracked.extend(lost.untracked);
            total.changed.extend(lost.changed);
        }
        if total.count() > 0 {
            self.git_discard(
                g,
                format!(
                    "{} discards {} that git cannot restore ({})",
                    g.by,
                    total.describe(),
                    total.examples()
                ),
            );
        }
    }
}

/// What a loss costs for good.
#[derive(Default)]
struct Lost {
    untracked: Vec<String>,
    changed: Vec<String>,
}

impl Lost {
    /// What deleting or overwriting loses: a file's staged content stays in the index, so only
    /// untracked files and unstaged changes are gone.
    fn of(loss: &Loss) -> Lost {
        Lost {
            untracked: loss.untracked.clone(),
            changed: loss.unstaged.clone(),
        }
    }

    fn count(&self) -> usize {
        self.untracked.len() + self.changed.len()
    }

    fn describe(&self) -> String {
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        let mut parts = Vec::new();
        if !self.untracked.is_empty() {
            parts.push(n(self.untracked.len(), "untracked file", "untracked files"));
        }
        if !self.changed.is_empty() {
            parts.push(n(
                self.changed.len(),
                "file with uncommitted changes",
                "files with uncommitted changes",
            ));
        }
        parts.join(" and ")
    }

    fn examples(&self) -> String {
        let all: Vec<&str> = self
            .changed
            .iter()
            .chain(&self.untracked)
            .map(String::as_str)
            .collect();
        let mut s = all.iter().take(3).copied().collect::<Vec<_>>().join(", ");
        if all.len() > 3 {
            s.push_str(&format!(", +{} more", all.len() - 3));
        }
        s
    }
}

/// The part of a path before its first glob component, and whether a glob follows it directly
/// as `*` (everything in it).
fn static_prefix(abs: &str) -> (&str, bool) {
    if !is_glob(abs) {
        return (abs, false);
    }
    let mut end = 0usize;
    let comps: Vec<&str> = abs.split('/').collect();
    for (i, c) in comps.iter().enumerate() {
        if is_glob(c) {
            let stat = if end <= 1 { "/" } else { &abs[..end - 1] };
            let last = i + 1 == comps.len();
            return (stat, last && matches!(*c, "*" | "**" | ".*"));
        }
        end += c.len() + 1;
    }
    (abs, false)
}

/// Whether a repository entry (relative path) is destroyed by a target pattern `pattern` whose
/// static prefix is `stat`, optionally narrowed to names matching `filter` (`find -name`).
fn entry_matches(
    path: &str,
    stat: &str,
    pattern: &str,
    filter: Option<&str>,
    recursive: bool,
) -> bool {
    if let Some(f) = filter {
        let below = if stat.is_empty() {
            path
        } else {
            path.strip_prefix(stat).unwrap_or(path)
        };
        return below.split('/').any(|c| component_matches(f, c));
    }
    if !is_glob(pattern) {
        return true;
    }
    let pat: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
    let comps: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    glob_components(&pat, &comps, recursive)
}

fn glob_components(pat: &[&str], path: &[&str], recursive: bool) -> bool {
    match pat.split_first() {
        None => path.is_empty() || recursive,
        Some((&"**", rest)) => {
            (0..=path.len()).any(|k| glob_components(rest, &path[k..], recursive))
        }
        Some((p, rest)) => match path.split_first() {
            Some((c, more)) => component_matches(p, c) && glob_components(rest, more, recursive),
            None => false,
        },
    }
}

/// Whether `abs` (or, for a directory, its list of entries) changed after `read_at_ms`.
fn modified_after(abs: &str, read_at_ms: f64) -> bool {
    let Ok(m) = std::fs::symlink_metadata(abs).and_then(|m| m.modified()) else {
        return false;
    };
    let ms = m
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0);
    ms >= read_at_ms
}

fn exists(abs: &str) -> bool {
    std::fs::symlink_metadata(abs).is_ok()
}

fn is_device_or_proc(abs: &str) -> bool {
    abs.starts_with("/dev/") || abs.starts_with("/proc/")
}

fn clip(s: &str) -> String {
    super::words::clip(s, 80)
}
