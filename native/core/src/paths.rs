//! Glob rules over the paths a tool call touches.
//!
//! Every path is first made absolute and lexically normalized ([`resolve`]); the globs of all
//! rules are compiled into one [`GlobSet`] and matched against it.
//!
//! # Glob semantics
//! - `~/…` (also `$HOME/…`, `${HOME}/…`) is the home directory given to [`PathRules::check`].
//! - An absolute glob (`/etc/passwd`, `/etc/**`) matches absolute paths.
//! - A relative glob without `/` (`.env`, `*.pem`) matches that file name at any depth (`**/.env`).
//! - A relative glob with `/` (`.vscode/hooks.json`) matches below any directory
//!   (`**/.vscode/hooks.json`); a leading `./` is dropped.
//! - A glob also matches everything below what it matches: protecting `~/.ssh` or `.git`
//!   protects the files in them.
//! - `*` and `?` do not cross `/`; `**` does. Matching is case-sensitive.
//! - `..` components are rejected: resolved paths never contain them.

use globset::{Candidate, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::finding::category;
use crate::patterns::PatternError;
use crate::shell::Access;
use crate::{Finding, Severity, Span};

#[derive(Debug, Clone)]
pub struct PathRule {
    /// Rule id reported in findings, e.g. `paths.dotenv`.
    pub id: String,
    /// A glob; `~/` means the home directory, a relative glob matches at any depth (see the
    /// module docs).
    pub glob: String,
    /// Which uses the rule fires for:
    /// - [`Access::Write`]: writes and uses of unknown access (a path argument the shell
    ///   classifier cannot tell is read or written), not reads;
    /// - [`Access::Read`] or [`Access::Unknown`]: every use, read, write or unknown.
    pub access: Access,
    pub severity: Severity,
}

/// A path to check, as the tool call wrote it, with where it came from.
#[derive(Debug, Clone)]
pub struct PathUse {
    pub path: String,
    pub access: Access,
    pub span: Span,
}

pub struct PathRules {
    rules: Vec<PathRule>,
    set: GlobSet,
    /// For each glob of the set, the rule it belongs to (each rule compiles to two globs).
    owner: Vec<usize>,
}

impl PathRules {
    /// Compiles every rule's glob; every glob that fails is reported (named by the rule's id).
    pub fn new(rules: &[PathRule]) -> Result<PathRules, Vec<PatternError>> {
        let mut errors = Vec::new();
        let mut builder = GlobSetBuilder::new();
        let mut owner = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let error = |message: String| PatternError {
                index,
                name: rule.id.clone(),
                message,
                offset: None,
            };
            let glob = match normalize_glob(&rule.glob) {
                Ok(g) => g,
                Err(message) => {
                    errors.push(error(message));
                    continue;
                }
            };
            let below = if glob.ends_with("/**") {
                None
            } else {
                Some(format!("{glob}/**"))
            };
            for g in std::iter::once(glob.as_str()).chain(below.as_deref()) {
                match GlobBuilder::new(g)
                    .literal_separator(true)
                    .backslash_escape(true)
                    .build()
                {
                    Ok(compiled) => {
                        builder.add(compiled);
                        owner.push(index);
                    }
                    Err(e) => {
                        errors.push(error(e.kind().to_string()));
                        break;
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let set = builder.build().map_err(|e| {
            let index = rules.len().saturating_sub(1);
            vec![PatternError {
                index,
                name: rules.get(index).map(|r| r.id.clone()).unwrap_or_default(),
                message: format!("the globs together do not compile: {e}"),
                offset: None,
            }]
        })?;
        Ok(PathRules {
            rules: rules.to_vec(),
            set,
            owner,
        })
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Resolves each path (`~`, relative to `cwd`, `.`/`..`) and reports every rule it matches:
    /// one finding per (use, rule), in the order of `uses` and then of the rules, with the use's
    /// span.
    pub fn check(&self, uses: &[PathUse], cwd: &str, home: &str) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut hits = Vec::new();
        let mut rules = Vec::new();
        for u in uses {
            let resolved = resolve(&u.path, cwd, home);
            rules.clear();
            self.set
                .matches_candidate_into(&Candidate::new(&resolved), &mut hits);
            rules.extend(hits.iter().map(|&g| self.owner[g]));
            if let Some(in_home) = home_relative(&resolved, home) {
                self.set
                    .matches_candidate_into(&Candidate::new(&in_home), &mut hits);
                rules.extend(hits.iter().map(|&g| self.owner[g]));
            }
            rules.sort_unstable();
            rules.dedup();
            for &r in &rules {
                let rule = &self.rules[r];
                if rule.access == Access::Write && u.access == Access::Read {
                    continue;
                }
                findings.push(Finding {
                    rule_id: rule.id.clone(),
                    category: category::PROTECTED_PATH.to_owned(),
                    severity: rule.severity,
                    span: u.span,
                    message: format!(
                        "{} protected path {resolved} (rule {} matches {:?})",
                        match u.access {
                            Access::Read => "reads",
                            Access::Write => "writes",
                            Access::Unknown => "uses",
                        },
                        rule.id,
                        rule.glob
                    ),
                });
            }
        }
        findings
    }
}

/// The glob as matched against resolved paths (see the module docs).
fn normalize_glob(glob: &str) -> Result<String, String> {
    let glob = glob.trim();
    let mut g = glob.trim_end_matches('/');
    if g.is_empty() {
        return if glob.starts_with('/') {
            Ok("/**".to_owned())
        } else {
            Err("empty glob".into())
        };
    }
    if let Some(rest) = home_prefix(g) {
        return Ok(if rest.is_empty() {
            "~".to_owned()
        } else {
            format!("~/{rest}")
        })
        .and_then(reject_dot_dot);
    }
    if g.starts_with('/') {
        return reject_dot_dot(g.to_owned());
    }
    while let Some(rest) = g.strip_prefix("./") {
        g = rest.trim_start_matches('/');
    }
    if g.is_empty() || g == "." {
        return Err(format!("{glob:?} names no file"));
    }
    if g == "**" || g.starts_with("**/") {
        return reject_dot_dot(g.to_owned());
    }
    reject_dot_dot(format!("**/{g}"))
}

fn reject_dot_dot(glob: String) -> Result<String, String> {
    if glob.split('/').any(|c| c == "..") {
        Err(format!(
            "{glob:?}: `..` cannot occur in a resolved path; write the path it leads to"
        ))
    } else {
        Ok(glob)
    }
}

/// For `~`, `~/rest`, `$HOME`, `$HOME/rest`, `${HOME}`, `${HOME}/rest`: `rest` (maybe empty).
fn home_prefix(path: &str) -> Option<&str> {
    ["~", "$HOME", "${HOME}"].iter().find_map(|prefix| {
        let rest = path.strip_prefix(prefix)?;
        if rest.is_empty() {
            Some(rest)
        } else {
            rest.strip_prefix('/')
        }
    })
}

/// `~/rest` for a resolved path under `home` (or `~` for `home` itself).
fn home_relative(resolved: &str, home: &str) -> Option<String> {
    let home = normalize(home);
    if home == "/" || !home.starts_with('/') {
        return None;
    }
    let rest = resolved.strip_prefix(home.as_str())?;
    if rest.is_empty() {
        Some("~".to_owned())
    } else {
        rest.strip_prefix('/').map(|r| format!("~/{r}"))
    }
}

/// `~` and relative paths made absolute, `.` and `..` folded; purely lexical (no filesystem access).
///
/// - `~`, `$HOME`, `${HOME}` (alone or followed by `/`) stand for `home`; `~user/…` for the
///   directory `user` next to `home` (`/home/user/…` when `home` is `/home/me`).
/// - A relative path is joined to `cwd`; a relative or empty `cwd` is taken from `/`.
/// - `..` above the root stays at the root (`/../etc` is `/etc`).
/// - With an empty `home`, `~/…` stays as written (it still matches `~/…` globs).
pub fn resolve(path: &str, cwd: &str, home: &str) -> String {
    let joined = if let Some(rest) = home_prefix(path) {
        if home.is_empty() {
            return if rest.is_empty() {
                "~".to_owned()
            } else {
                format!("~/{}", fold(rest))
            };
        }
        format!("{home}/{rest}")
    } else if let Some(user_path) = path.strip_prefix('~') {
        // `~user/…`: the user's home, assumed to sit next to ours.
        let parent = normalize(home);
        let parent = parent.rsplit_once('/').map_or("", |(p, _)| p);
        format!("{parent}/{user_path}")
    } else if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{cwd}/{path}")
    };
    normalize(&joined)
}

/// `path` made absolute from `/` and folded.
fn normalize(path: &str) -> String {
    format!("/{}", fold(path))
}

/// The components of `path` with `.` and empty components dropped and `..` applied (never above
/// the first component), joined with `/`.
fn fold(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_normalize() {
        assert_eq!(normalize_glob(".env").unwrap(), "**/.env");
        assert_eq!(normalize_glob("*.pem").unwrap(), "**/*.pem");
        assert_eq!(
            normalize_glob(".vscode/hooks.json").unwrap(),
            "**/.vscode/hooks.json"
        );
        assert_eq!(normalize_glob("./.git/").unwrap(), "**/.git");
        assert_eq!(normalize_glob("~/.ssh/").unwrap(), "~/.ssh");
        assert_eq!(normalize_glob("$HOME/.aws/**").unwrap(), "~/.aws/**");
        assert_eq!(normalize_glob("~").unwrap(), "~");
        assert_eq!(normalize_glob("/etc/passwd").unwrap(), "/etc/passwd");
        assert_eq!(normalize_glob("**/secrets/*").unwrap(), "**/secrets/*");
        assert!(normalize_glob("").is_err());
        assert!(normalize_glob("../x").is_err());
        assert!(normalize_glob("./").is_err());
    }

    #[test]
    fn home_relative_paths() {
        assert_eq!(
            home_relative("/home/me/.ssh/id_rsa", "/home/me/").as_deref(),
            Some("~/.ssh/id_rsa")
        );
        assert_eq!(home_relative("/home/me", "/home/me").as_deref(), Some("~"));
        assert_eq!(home_relative("/home/meow/x", "/home/me"), None);
        assert_eq!(home_relative("/etc", "/"), None);
        assert_eq!(home_relative("/etc", ""), None);
    }
}
