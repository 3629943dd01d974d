//! git: which uncommitted work a command discards (judged by repository state), and which
//! history or refs it rewrites or deletes.

use super::effects::GitDiscard;
use super::opts;
use super::walk::{Analyzer, Input, Unit};
use super::words::Word;
use crate::finding::category;
use crate::{Severity, Span};

/// `git checkout X` with one operand: is X more likely a pathspec than a branch?
pub(super) fn looks_like_pathspec(t: &str) -> bool {
    t == "."
        || t == ".."
        || t.starts_with("./")
        || t.starts_with("../")
        || t.starts_with(":/")
        || t.starts_with(":(")
        || t.contains(['*', '?', '['])
}

impl Analyzer {
    pub(super) fn git(&mut self, args: &[Word], span: Span, u: &Unit) {
        let mut i = 0;
        let mut dir: Option<String> = None;
        while i < args.len() {
            let w = &args[i];
            let t = w.text.as_str();
            if !w.is_option() {
                break;
            }
            if t == "--" {
                i += 1;
                break;
            }
            if t == "-C" {
                dir = args.get(i + 1).map(|d| d.text.clone());
            }
            i += if matches!(
                t,
                "-C" | "-c"
                    | "--git-dir"
                    | "--work-tree"
                    | "--namespace"
                    | "--config-env"
                    | "--super-prefix"
            ) {
                2
            } else {
                1
            };
        }
        let Some(sub_w) = args.get(i) else { return };
        let sub = sub_w.text.to_ascii_lowercase();
        let rest = &args[i + 1..];
        let hit = |a: &mut Analyzer, rule: &str, sev: Severity, msg: String| {
            a.report(rule, category::DESTRUCTIVE_GIT, sev, span, msg);
        };
        let dir = dir.as_deref();
        let discards = |a: &mut Analyzer, what: GitDiscard, specs: &[Word], by: &str| {
            a.git_discards(what, specs, dir, by, span);
        };
        match sub.as_str() {
            "reset" => {
                let p = opts::parse(
                    rest,
                    "U",
                    &["pathspec-from-file", "unified", "inter-hunk-context"],
                );
                if p.long("hard") {
                    discards(self, GitDiscard::AllChanges, &[], "git reset --hard");
                } else if p.long("merge") {
                    hit(
                        self,
                        "shell.git-reset-merge",
                        Severity::Medium,
                        "git reset --merge resets the index and can drop staged work".into(),
                    );
                }
            }
            "clean" => {
                let p = opts::parse(rest, "e", &["exclude"]);
                let force = p.short('f') || p.long("force");
                let dry = p.short('n') || p.long("dry-run");
                if force && !dry {
                    let specs: Vec<Word> = p.all_operands().map(|i| rest[i].clone()).collect();
                    discards(self, GitDiscard::Untracked, &specs, "git clean -f");
                }
            }
            "checkout" => {
                let p = opts::parse(
                    rest,
                    "bBU",
                    &[
                        "orphan",
                        "conflict",
                        "unified",
                        "inter-hunk-context",
                        "pathspec-from-file",
                    ],
                );
                if p.short('f') || p.long("force") {
                    discards(self, GitDiscard::AllChanges, &[], "git checkout --force");
                    return;
                }
                if p.short('p') || p.long("patch") {
                    return;
                }
                let ops = &p.operands;
                let paths = !p.after_dd.is_empty()
                    || p.value("pathspec-from-file").is_some()
                    || ops.len() >= 2
                    || (ops.len() == 1 && looks_like_pathspec(&rest[ops[0]].text));
                if paths {
                    let which: Vec<Word> = if p.after_dd.is_empty() {
                        ops.iter()
                            .skip(usize::from(ops.len() >= 2))
                            .map(|&i| rest[i].clone())
                            .collect()
                    } else {
                        p.after_dd.iter().map(|&i| rest[i].clone()).collect()
                    };
                    // From a commit, staged changes go too; from the index, only unstaged ones.
                    let from_commit = ops.len() >= 2 || (!p.after_dd.is_empty() && !ops.is_empty());
                    let what = if from_commit {
                        GitDiscard::AllChanges
                    } else {
                        GitDiscard::Unstaged
                    };
                    discards(self, what, &which, "git checkout");
                }
            }
            "switch" => {
                let p = opts::parse(
                    rest,
                    "cC",
                    &["create", "force-create", "orphan", "conflict"],
                );
                if p.short('f') || p.long("force") || p.long("discard-changes") {
                    discards(
                        self,
                        GitDiscard::AllChanges,
                        &[],
                        "git switch --discard-changes",
                    );
                }
            }
            "restore" => {
                let p = opts::parse(
                    rest,
                    "sU",
                    &[
                        "source",
                        "pathspec-from-file",
                        "conflict",
                        "unified",
                        "inter-hunk-context",
                    ],
                );
                if p.short('h') || p.long("help") {
                    return;
                }
                let staged = p.short('S') || p.long("staged");
                let worktree = p.short('W') || p.long("worktree");
                let has_paths = !p.operands.is_empty()
                    || !p.after_dd.is_empty()
                    || p.value("pathspec-from-file").is_some();
                if has_paths && (!staged || worktree) {
                    let which: Vec<Word> = p.all_operands().map(|i| rest[i].clone()).collect();
                    let what = if staged || p.value("source").is_some() || p.short('s') {
                        GitDiscard::AllChanges
                    } else {
                        GitDiscard::Unstaged
                    };
                    discards(self, what, &which, "git restore");
                }
            }
            "branch" => {
                let p = opts::parse(
                    rest,
                    "u",
                    &[
                        "set-upstream-to",
                        "contains",
                        "no-contains",
                        "merged",
                        "no-merged",
                        "points-at",
                        "sort",
                        "format",
                    ],
                );
                let delete = p.short('d') || p.long("delete");
                let force = p.short('f') || p.long("force");
                if p.short('D') || (delete && force) {
                    hit(
                        self,
                        "shell.git-branch-force-delete",
                        Severity::High,
                        "git branch -D deletes a branch even if it is not merged".into(),
                    );
                }
            }
            "stash" => {
                let p = opts::parse(rest, "m", &["message"]);
                match p.operands.first().map(|&i| rest[i].text.as_str()) {
                    Some("drop") => discards(
                        self,
                        GitDiscard::Stash { all: false },
                        &[],
                        "git stash drop",
                    ),
                    Some("clear") => discards(
                        self,
                        GitDiscard::Stash { all: true },
                        &[],
                        "git stash clear",
                    ),
                    _ => {}
                }
            }
            "push" => {
                let p = opts::parse(rest, "o", &["repo", "receive-pack", "exec", "push-option"]);
                let refspecs: Vec<&str> = p
                    .all_operands()
                    .skip(1)
                    .map(|i| rest[i].text.as_str())
                    .collect();
                let force =
                    p.short('f') || p.long("force") || refspecs.iter().any(|r| r.starts_with('+'));
                if force {
                    hit(
                        self,
                        "shell.git-push-force",
                        Severity::High,
                        "git push --force overwrites the remote branch's history".into(),
                    );
                } else if p.long("mirror") {
                    hit(
                        self,
                        "shell.git-push-force",
                        Severity::High,
                        "git push --mirror overwrites and deletes remote refs".into(),
                    );
                }
                if p.short('d')
                    || p.long("delete")
                    || refspecs.iter().any(|r| r.len() > 1 && r.starts_with(':'))
                {
                    hit(
                        self,
                        "shell.git-push-delete",
                        Severity::Medium,
                        "git push deletes a remote branch or tag".into(),
                    );
                }
            }
            "worktree" => {
                let p = opts::parse(rest, "", &[]);
                if p.operands.first().map(|&i| rest[i].text.as_str()) == Some("remove")
                    && (p.short('f') || p.long("force"))
                {
                    hit(
                        self,
                        "shell.git-worktree-force-remove",
                        Severity::High,
                        "git worktree remove --force deletes a worktree with uncommitted changes"
                            .into(),
                    );
                }
            }
            "filter-branch" | "filter-repo" => {
                hit(
                    self,
                    "shell.git-history-rewrite",
                    Severity::High,
                    format!("git {sub} rewrites the repository's history"),
                );
            }
            "reflog" => {
                let p = opts::parse(rest, "", &[]);
                match p.operands.first().map(|&i| rest[i].text.as_str()) {
                    Some("expire") => hit(
                        self,
                        "shell.git-reflog-expire",
                        Severity::High,
                        "git reflog expire removes the safety net for lost commits".into(),
                    ),
                    Some("delete") => hit(
                        self,
                        "shell.git-reflog-expire",
                        Severity::Medium,
                        "git reflog delete removes reflog entries".into(),
                    ),
                    _ => {}
                }
            }
            "gc" => {
                let p = opts::parse(rest, "", &[]);
                if matches!(p.value("prune"), Some("now" | "all")) {
                    hit(
                        self,
                        "shell.git-gc-prune",
                        Severity::High,
                        "git gc --prune=now deletes unreachable commits immediately".into(),
                    );
                }
            }
            "update-ref" => {
                let p = opts::parse(rest, "m", &[]);
                if p.short('d') {
                    hit(
                        self,
                        "shell.git-update-ref-delete",
                        Severity::Medium,
                        "git update-ref -d deletes a ref".into(),
                    );
                }
            }
            "rm" => {
                let p = opts::parse(rest, "", &["pathspec-from-file"]);
                if (p.short('f') || p.long("force")) && !p.long("cached") {
                    let specs: Vec<Word> = p.all_operands().map(|i| rest[i].clone()).collect();
                    discards(self, GitDiscard::AllChanges, &specs, "git rm -f");
                }
            }
            "submodule" => {
                if let Some(pos) = rest.iter().position(|w| w.text == "foreach") {
                    let code: Vec<Word> = rest[pos + 1..]
                        .iter()
                        .filter(|w| !w.is_option())
                        .cloned()
                        .collect();
                    self.code_words(&code, span, u);
                }
            }
            "rebase" => {
                let p = opts::parse(
                    rest,
                    "xsX",
                    &["exec", "strategy", "strategy-option", "onto"],
                );
                for (k, v) in &p.values {
                    if k == "x" || k == "exec" {
                        let w = Word::synthetic(v.as_str(), span);
                        self.code_words(&[w], span, u);
                    }
                }
            }
            "bisect" if rest.first().is_some_and(|w| w.text == "run") && rest.len() > 1 => {
                self.exec(rest[1..].to_vec(), u, &Input::default());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pathspecs() {
        assert!(looks_like_pathspec("."));
        assert!(looks_like_pathspec("src/*.rs"));
        assert!(!looks_like_pathspec("main"));
        assert!(!looks_like_pathspec("feature/x"));
    }
}
