//! What a command does to data, as the walk resolves it, before any judgement: which paths it
//! deletes, overwrites, truncates or moves away, and which uncommitted git work it discards.
//! [`super::consequence`] judges these by what is lost.

use super::pathclass::{self, MKTEMP_DIR};
use super::walk::Analyzer;
use super::words::Word;
use crate::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LossKind {
    Delete,
    /// Replaced with other content (`>`, `cp`/`mv` onto it, `dd of=`).
    Overwrite,
    Truncate,
    /// Moved somewhere it is gone from (`mv x /dev/null`, `mv ~ …`).
    MoveAway,
    /// Overwritten with noise, then deleted: unrecoverable even from backups of free blocks.
    Shred,
}

impl LossKind {
    pub fn verb(self) -> &'static str {
        match self {
            LossKind::Delete => "deletes",
            LossKind::Overwrite => "overwrites",
            LossKind::Truncate => "truncates",
            LossKind::MoveAway => "moves away",
            LossKind::Shred => "shreds",
        }
    }
}

/// A path whose present content a command destroys.
#[derive(Debug, Clone)]
pub(super) struct LossEffect {
    pub kind: LossKind,
    /// As written, with the input's own variables expanded (`$(mktemp)` → a temp path).
    pub target: String,
    /// Only known at run time: xargs input, an unknown variable, a command substitution.
    pub dynamic: bool,
    /// Everything under the target goes too.
    pub recursive: bool,
    /// `find -name PAT`: only entries whose name matches, anywhere under the target.
    pub name_filter: Option<String>,
    /// The directory the command runs in, after any `cd` earlier in the input.
    pub cwd: Option<String>,
    pub span: Span,
    /// The command that does it, for the reason: `rm -r`, `find -delete`, `>`.
    pub by: String,
}

/// Which uncommitted work a git command throws away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GitDiscard {
    /// Working-tree changes not in the index (`checkout -- p`, `restore p`).
    Unstaged,
    /// Staged and unstaged changes (`reset --hard`, `checkout -f`, `restore -SW`).
    AllChanges,
    /// Untracked files (`clean -f`); ignored ones only with -x, and those are regenerable.
    Untracked,
    /// Stash entries (`stash drop`: one, `stash clear`: all).
    Stash { all: bool },
}

#[derive(Debug, Clone)]
pub(super) struct GitEffect {
    pub what: GitDiscard,
    /// Pathspecs as written (relative to `dir`); empty means the whole tree (`clean`: `dir`).
    pub pathspecs: Vec<String>,
    /// The directory git runs in (`-C` applied).
    pub dir: Option<String>,
    pub span: Span,
    pub by: String,
}

#[derive(Debug, Clone)]
pub(super) enum Effect {
    Loss(LossEffect),
    Git(GitEffect),
}

impl Analyzer {
    /// Records that the command `by` destroys `w` (judged later by what is lost).
    pub fn lose(&mut self, kind: LossKind, w: &Word, recursive: bool, by: &str, span: Span) {
        self.lose_filtered(kind, w, recursive, None, by, span);
    }

    pub fn lose_filtered(
        &mut self,
        kind: LossKind,
        w: &Word,
        recursive: bool,
        name_filter: Option<String>,
        by: &str,
        span: Span,
    ) {
        let raw = w.text.trim();
        let mktemp = w.subst && (raw.starts_with("$(mktemp") || raw.starts_with("`mktemp"));
        let target = if mktemp {
            format!("/tmp/{MKTEMP_DIR}")
        } else {
            pathclass::expand_vars(raw, &self.vars).into_owned()
        };
        let dynamic = !mktemp && (w.stdin || w.subst || has_unknown_var(&target));
        self.effects.push(Effect::Loss(LossEffect {
            kind,
            target,
            dynamic,
            recursive,
            name_filter,
            cwd: self.cur_dir.clone(),
            span,
            by: by.to_owned(),
        }));
    }

    /// Records that a git command run in the current directory (or `-C dir`) discards `what`.
    pub fn git_discards(
        &mut self,
        what: GitDiscard,
        pathspecs: &[Word],
        dir: Option<&str>,
        by: &str,
        span: Span,
    ) {
        let dir = match dir {
            Some(d) => super::consequence::join(self.cur_dir.as_deref(), d),
            None => self.cur_dir.clone(),
        };
        self.effects.push(Effect::Git(GitEffect {
            what,
            pathspecs: pathspecs
                .iter()
                .map(|w| pathclass::expand_vars(&w.text, &self.vars).into_owned())
                .collect(),
            dir,
            span,
            by: by.to_owned(),
        }));
    }

    /// `cd DIR` for the commands after it in the same input.
    pub fn change_dir(&mut self, args: &[Word]) {
        let target = args.iter().find(|w| !w.is_option() || w.text == "-");
        self.cur_dir = match target {
            None => self.home_dir.clone(),
            Some(w) if w.text == "-" || !w.is_static() && has_unknown_var(&w.text) => None,
            Some(w) => {
                let t = pathclass::expand_vars(&w.text, &self.vars);
                if w.subst || has_unknown_var(&t) {
                    None
                } else {
                    super::consequence::resolve(
                        &t,
                        self.cur_dir.as_deref(),
                        self.home_dir.as_deref(),
                    )
                }
            }
        };
    }
}

/// A `$NAME` left after expansion that is not one the judge resolves itself.
fn has_unknown_var(text: &str) -> bool {
    pathclass::var_refs(text).any(|v| !matches!(v, "HOME" | "PWD" | "TMPDIR"))
        || text.contains("$(")
        || text.contains('`')
}
