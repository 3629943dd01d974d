//! What git can give back: a repository's working-tree state, read from
//! `git status --porcelain=v2 -z --untracked-files=all --ignored=matching`.
//!
//! The engine runs git (and caches the result per repository); this module only parses its output
//! and answers "what would be lost under this path". Paths are kept relative to the repository's
//! top level, `/`-separated, sorted, so a subtree is one contiguous range.

/// The state of one path git reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryState {
    /// Not tracked and not ignored: exists nowhere but here.
    Untracked,
    /// Ignored (build output, caches): regenerable by definition of the project.
    Ignored,
    /// Tracked with changes. `unstaged`: the working tree differs from the index (lost when the
    /// file is deleted or checked out). `staged`: the index differs from HEAD (lost by
    /// `reset --hard`).
    Changed { staged: bool, unstaged: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Relative to the top level; a directory git collapsed (an ignored `build/`) has no slash.
    pub path: String,
    pub is_dir: bool,
    pub state: EntryState,
}

/// One repository's state, or the fact that it could not be read.
#[derive(Debug, Clone, Default)]
pub struct RepoStatus {
    /// Absolute top level, without a trailing slash.
    pub root: String,
    entries: Vec<Entry>,
    /// Entries in `git stash list`.
    pub stash_entries: u32,
    /// False when git could not be read in time: nothing inside counts as recoverable.
    pub readable: bool,
    /// False for a workspace that is not a git repository: nothing in it can be restored.
    pub versioned: bool,
    /// When the state was read (ms since the Unix epoch): a file changed later is not in it.
    pub read_at_ms: f64,
}

/// What a path (or a subtree) holds that git cannot give back, and what it can.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loss {
    pub untracked: Vec<String>,
    /// Tracked files whose working tree differs from the index.
    pub unstaged: Vec<String>,
    /// Tracked files whose index differs from HEAD (and not also unstaged).
    pub staged: Vec<String>,
    /// The path lies in (or is) an ignored directory or file.
    pub inside_ignored: bool,
}

impl Loss {
    pub fn is_empty(&self) -> bool {
        self.untracked.is_empty() && self.unstaged.is_empty() && self.staged.is_empty()
    }
}

impl RepoStatus {
    /// A repository whose state could not be read: everything in it is treated as unrecoverable.
    pub fn unreadable(root: &str) -> RepoStatus {
        RepoStatus {
            root: normalize_root(root),
            readable: false,
            versioned: true,
            ..RepoStatus::default()
        }
    }

    /// A workspace directory that git does not manage.
    pub fn unversioned(root: &str) -> RepoStatus {
        RepoStatus {
            root: normalize_root(root),
            readable: true,
            versioned: false,
            ..RepoStatus::default()
        }
    }

    /// Parses porcelain v2 output with `-z` (NUL-separated records).
    pub fn parse(root: &str, porcelain: &[u8], stash_entries: u32, read_at_ms: f64) -> RepoStatus {
        let mut entries = Vec::new();
        let mut fields = porcelain.split(|&b| b == 0).peekable();
        while let Some(rec) = fields.next() {
            let rec = String::from_utf8_lossy(rec);
            let mut push = |path: &str, state: EntryState| {
                let is_dir = path.ends_with('/');
                entries.push(Entry {
                    path: path.trim_end_matches('/').to_owned(),
                    is_dir,
                    state,
                });
            };
            match rec.as_bytes().first() {
                Some(b'?') => push(rec.get(2..).unwrap_or(""), EntryState::Untracked),
                Some(b'!') => push(rec.get(2..).unwrap_or(""), EntryState::Ignored),
                Some(kind @ (b'1' | b'2' | b'u')) => {
                    // "1 XY sub mH mI mW hH hI path", "2 … Xscore path" (+ origPath field),
                    // "u XY sub m1 m2 m3 mW h1 h2 h3 path".
                    let skip = match kind {
                        b'1' => 8,
                        b'2' => 9,
                        _ => 10,
                    };
                    let mut parts = rec.splitn(skip + 1, ' ');
                    let xy = parts.nth(1).unwrap_or("..").as_bytes();
                    let path = parts.nth(skip - 2).unwrap_or("");
                    let x = xy.first().copied().unwrap_or(b'.');
                    let y = xy.get(1).copied().unwrap_or(b'.');
                    let state = EntryState::Changed {
                        staged: x != b'.' || *kind == b'u',
                        unstaged: y != b'.' || *kind == b'u',
                    };
                    push(path, state);
                    if *kind == b'2' {
                        fields.next(); // the original path of a rename
                    }
                }
                _ => {}
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        RepoStatus {
            root: normalize_root(root),
            entries,
            stash_entries,
            readable: true,
            versioned: true,
            read_at_ms,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// `abs` relative to this repository's top level ("" for the top level itself), or None
    /// when it lies outside.
    pub fn relative<'a>(&self, abs: &'a str) -> Option<&'a str> {
        if self.root == "/" {
            return Some(abs.trim_start_matches('/'));
        }
        let rest = abs.strip_prefix(self.root.as_str())?;
        if rest.is_empty() {
            Some("")
        } else {
            rest.strip_prefix('/')
        }
    }

    /// What deleting or overwriting `rel` (and, when `subtree`, everything under it) loses.
    /// `matches` narrows the entries of a subtree (a glob or `find -name`).
    pub fn loss(&self, rel: &str, subtree: bool, matches: &dyn Fn(&str) -> bool) -> Loss {
        let mut loss = Loss {
            inside_ignored: self.is_ignored(rel),
            ..Loss::default()
        };
        if loss.inside_ignored {
            return loss;
        }
        let start = self.entries.partition_point(|e| e.path.as_str() < rel);
        for e in &self.entries[start..] {
            let inside = e.path == rel
                || (subtree && (rel.is_empty() || is_below(&e.path, rel)))
                || (e.is_dir && is_below(rel, &e.path));
            if !inside {
                if e.path.as_str() > rel && !rel.is_empty() && !e.path.starts_with(rel) {
                    break;
                }
                continue;
            }
            if !matches(&e.path) {
                continue;
            }
            match e.state {
                EntryState::Untracked => loss.untracked.push(e.path.clone()),
                EntryState::Changed { unstaged: true, .. } => loss.unstaged.push(e.path.clone()),
                EntryState::Changed { staged: true, .. } => loss.staged.push(e.path.clone()),
                EntryState::Changed { .. } | EntryState::Ignored => {}
            }
        }
        loss
    }

    /// Whether `rel` is an ignored path or lies in an ignored directory.
    pub fn is_ignored(&self, rel: &str) -> bool {
        if rel.is_empty() {
            return false;
        }
        // Every ancestor of `rel`, and `rel` itself, could be a collapsed ignored entry.
        let mut end = 0usize;
        loop {
            let next = rel[end..].find('/').map(|i| end + i);
            let prefix = &rel[..next.unwrap_or(rel.len())];
            if let Ok(i) = self
                .entries
                .binary_search_by(|e| e.path.as_str().cmp(prefix))
            {
                if self.entries[i].state == EntryState::Ignored {
                    return true;
                }
            }
            match next {
                Some(n) => end = n + 1,
                None => return false,
            }
        }
    }

    /// Tracked files with changes anywhere under `rel` ("" for all), and untracked files.
    pub fn changes_under(&self, rel: &str, matches: &dyn Fn(&str) -> bool) -> Loss {
        self.loss(rel, true, matches)
    }
}

fn is_below(path: &str, dir: &str) -> bool {
    path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/'
}

fn normalize_root(root: &str) -> String {
    let t = root.trim_end_matches('/');
    if t.is_empty() {
        "/".to_owned()
    } else {
        t.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status() -> RepoStatus {
        let out = [
            "# branch.oid abc",
            "1 .M N... 100644 100644 100644 aaa aaa src/main.rs",
            "1 M. N... 100644 100644 100644 aaa bbb src/staged.rs",
            "2 R. N... 100644 100644 100644 aaa aaa R100 src/new.rs",
            "src/old.rs",
            "? src/notes.txt",
            "? scratch/a.txt",
            "? scratch/b.txt",
            "! node_modules/",
            "! dist/",
            "! app.log",
        ]
        .join("\0");
        RepoStatus::parse("/w/app/", out.as_bytes(), 2, 0.0)
    }

    #[test]
    fn parses_every_record_kind() {
        let s = status();
        assert_eq!(s.root, "/w/app");
        assert_eq!(s.stash_entries, 2);
        let paths: Vec<&str> = s.entries().iter().map(|e| e.path.as_str()).collect();
        assert!(paths.contains(&"src/new.rs"));
        assert!(
            !paths.contains(&"src/old.rs"),
            "rename origins are not entries"
        );
        assert!(s.entries().iter().any(|e| e.path == "dist" && e.is_dir));
    }

    #[test]
    fn loss_counts_what_git_cannot_restore() {
        let s = status();
        let all = |_: &str| true;
        let l = s.loss("src", true, &all);
        assert_eq!(l.untracked, vec!["src/notes.txt"]);
        assert_eq!(l.unstaged, vec!["src/main.rs"]);
        assert_eq!(l.staged, vec!["src/new.rs", "src/staged.rs"]);
        assert!(s.loss("src/lib.rs", false, &all).is_empty());
        assert!(s.loss("node_modules/x/y.js", false, &all).inside_ignored);
        assert!(s.loss("dist", true, &all).inside_ignored);
        assert_eq!(s.loss("scratch", true, &all).untracked.len(), 2);
        assert_eq!(s.loss("", true, &all).untracked.len(), 3);
        assert!(
            s.loss("sc", true, &all).is_empty(),
            "a prefix is not a parent"
        );
        assert_eq!(s.relative("/w/app/src/x"), Some("src/x"));
        assert_eq!(s.relative("/w/application"), None);
    }
}
