//! Glob rules over the paths a tool call touches.

use crate::patterns::PatternError;
use crate::shell::Access;
use crate::{Finding, Severity, Span};

#[derive(Debug, Clone)]
pub struct PathRule {
    /// Rule id reported in findings, e.g. `paths.dotenv`.
    pub id: String,
    /// A glob; `~/` means the home directory, a relative glob matches at any depth.
    pub glob: String,
    /// `Write` rules fire only for writes (and unknown access); `Read` rules for any access.
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
}

impl PathRules {
    pub fn new(rules: &[PathRule]) -> Result<PathRules, Vec<PatternError>> {
        Ok(PathRules { rules: rules.to_vec() })
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Resolves each path (`~`, relative to `cwd`, `.`/`..`) and reports every rule it matches.
    pub fn check(&self, _uses: &[PathUse], _cwd: &str, _home: &str) -> Vec<Finding> {
        Vec::new()
    }
}

/// `~` and relative paths made absolute, `.` and `..` folded; purely lexical (no filesystem access).
pub fn resolve(path: &str, _cwd: &str, _home: &str) -> String {
    path.to_owned()
}
