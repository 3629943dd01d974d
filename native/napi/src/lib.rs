//! Node binding of `hookwarden-core`. Type conversion only: every function here converts its
//! arguments, calls the core and converts the result back. No classifier logic lives here.

use hookwarden_core as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

#[napi(object)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

#[napi(object)]
pub struct Finding {
    pub rule_id: String,
    pub category: String,
    #[napi(ts_type = "'low' | 'medium' | 'high' | 'critical'")]
    pub severity: String,
    pub span: Span,
    pub message: String,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn span(s: core::Span) -> Span {
    Span {
        start: to_u32(s.start),
        end: to_u32(s.end),
    }
}

fn finding(f: core::Finding) -> Finding {
    Finding {
        rule_id: f.rule_id,
        category: f.category,
        severity: f.severity.as_str().to_owned(),
        span: span(f.span),
        message: f.message,
    }
}

fn findings(v: Vec<core::Finding>) -> Vec<Finding> {
    v.into_iter().map(finding).collect()
}

fn parse_severity(s: Option<&str>, field: &str) -> Result<core::Severity> {
    match s {
        None => Ok(core::Severity::High),
        Some(s) => core::Severity::parse(s).ok_or_else(|| {
            Error::new(
                Status::InvalidArg,
                format!("{field}: expected low, medium, high or critical, got {s:?}"),
            )
        }),
    }
}

fn parse_access(s: Option<&str>, field: &str) -> Result<core::shell::Access> {
    match s {
        None | Some("unknown") => Ok(core::shell::Access::Unknown),
        Some("read") => Ok(core::shell::Access::Read),
        Some("write") => Ok(core::shell::Access::Write),
        Some(s) => Err(Error::new(
            Status::InvalidArg,
            format!("{field}: expected read, write or unknown, got {s:?}"),
        )),
    }
}

// ---- shell ----

#[napi(object)]
pub struct ExecutedCommand {
    pub name: String,
    pub args: Vec<String>,
    pub span: Span,
}

#[napi(object)]
pub struct TouchedPath {
    pub path: String,
    #[napi(ts_type = "'read' | 'write' | 'unknown'")]
    pub access: String,
    pub span: Span,
}

#[napi(object)]
pub struct ShellAnalysis {
    pub findings: Vec<Finding>,
    pub commands: Vec<ExecutedCommand>,
    pub paths: Vec<TouchedPath>,
    pub parse_ok: bool,
}

/// Parses a shell command with tree-sitter-bash and classifies every command it would execute.
/// `cwd` (the directory it runs in) and `protectedRoots` (absolute paths) keep paths under
/// /tmp that are, contain or lie inside them from counting as scratch space.
#[napi]
pub fn analyze_shell(
    command: String,
    cwd: Option<String>,
    protected_roots: Option<Vec<String>>,
) -> ShellAnalysis {
    let a = core::shell::analyze_in(&command, &shell_context(cwd, protected_roots));
    ShellAnalysis {
        findings: findings(a.findings),
        commands: a
            .commands
            .into_iter()
            .map(|c| ExecutedCommand {
                name: c.name,
                args: c.args,
                span: span(c.span),
            })
            .collect(),
        paths: touched_paths(a.paths),
        parse_ok: a.parse_ok,
    }
}

fn shell_context(
    cwd: Option<String>,
    protected_roots: Option<Vec<String>>,
) -> core::shell::ShellContext {
    core::shell::ShellContext {
        cwd,
        protected_roots: protected_roots.unwrap_or_default(),
    }
}

fn touched_paths(paths: Vec<core::shell::TouchedPath>) -> Vec<TouchedPath> {
    paths
        .into_iter()
        .map(|p| TouchedPath {
            path: p.path,
            access: p.access.as_str().to_owned(),
            span: span(p.span),
        })
        .collect()
}

/// What the engine needs of a shell command: the findings and the touched paths, without the
/// list of executed commands (converting it to JS objects costs about a third of the call).
#[napi(object)]
pub struct ShellClassification {
    pub findings: Vec<Finding>,
    pub paths: Vec<TouchedPath>,
    pub parse_ok: bool,
}

#[napi]
pub fn classify_shell(
    command: String,
    cwd: Option<String>,
    protected_roots: Option<Vec<String>>,
) -> ShellClassification {
    let a = core::shell::analyze_in(&command, &shell_context(cwd, protected_roots));
    ShellClassification {
        findings: findings(a.findings),
        paths: touched_paths(a.paths),
        parse_ok: a.parse_ok,
    }
}

/// Parse plus a full cursor walk; returns the node count (the AST benchmark's workload).
#[napi]
pub fn parse_and_walk_shell(command: String) -> u32 {
    to_u32(core::shell::parse_and_walk(&command))
}

// ---- secrets ----

#[napi(object)]
pub struct Redaction {
    pub text: String,
    pub findings: Vec<Finding>,
}

#[napi]
pub fn scan_secrets(text: String) -> Vec<Finding> {
    findings(core::secrets::scan(&text))
}

/// Replaces every secret with `[REDACTED:<rule>]`.
#[napi]
pub fn redact_secrets(text: String) -> Redaction {
    let r = core::secrets::redact(&text);
    Redaction {
        text: r.text,
        findings: findings(r.findings),
    }
}

#[napi]
pub fn secret_rule_ids() -> Vec<String> {
    core::secrets::rule_ids()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

// ---- injection ----

#[napi]
pub fn scan_injection(text: String) -> Vec<Finding> {
    findings(core::injection::scan(&text))
}

// ---- patterns ----

#[napi(object)]
pub struct NamedPattern {
    pub name: String,
    pub regex: String,
    pub category: Option<String>,
    #[napi(ts_type = "'low' | 'medium' | 'high' | 'critical'")]
    pub severity: Option<String>,
}

#[napi(object)]
pub struct PatternError {
    pub index: u32,
    pub name: String,
    pub message: String,
}

fn pattern_errors(errors: Vec<core::patterns::PatternError>) -> Vec<PatternError> {
    errors
        .into_iter()
        .map(|e| PatternError {
            index: to_u32(e.index),
            name: e.name,
            message: e.message,
        })
        .collect()
}

/// A compiled set of named regexes. Construct with `PatternSet.compile`, which reports every
/// pattern that fails instead of throwing on the first.
#[napi]
pub struct PatternSet {
    inner: Option<core::patterns::PatternSet>,
    errors: Vec<PatternError>,
}

#[napi]
impl PatternSet {
    #[napi(factory)]
    pub fn compile(patterns: Vec<NamedPattern>) -> Result<PatternSet> {
        let mut converted = Vec::with_capacity(patterns.len());
        for (i, p) in patterns.into_iter().enumerate() {
            converted.push(core::patterns::NamedPattern {
                name: p.name,
                regex: p.regex,
                category: p.category,
                severity: parse_severity(
                    p.severity.as_deref(),
                    &format!("patterns[{i}].severity"),
                )?,
            });
        }
        Ok(match core::patterns::PatternSet::new(&converted) {
            Ok(set) => PatternSet {
                inner: Some(set),
                errors: Vec::new(),
            },
            Err(errors) => PatternSet {
                inner: None,
                errors: pattern_errors(errors),
            },
        })
    }

    /// Every pattern that failed to compile; the set is unusable (scans throw) when non-empty.
    #[napi(getter)]
    pub fn errors(&self) -> Vec<PatternError> {
        self.errors
            .iter()
            .map(|e| PatternError {
                index: e.index,
                name: e.name.clone(),
                message: e.message.clone(),
            })
            .collect()
    }

    fn compiled(&self) -> Result<&core::patterns::PatternSet> {
        self.inner.as_ref().ok_or_else(|| {
            Error::new(
                Status::GenericFailure,
                "pattern set has compile errors".to_owned(),
            )
        })
    }

    /// Indices of the patterns that match anywhere in `text`.
    #[napi]
    pub fn matching(&self, text: String) -> Result<Vec<u32>> {
        Ok(self
            .compiled()?
            .matching(&text)
            .into_iter()
            .map(to_u32)
            .collect())
    }

    #[napi]
    pub fn scan(&self, text: String) -> Result<Vec<Finding>> {
        Ok(findings(self.compiled()?.scan(&text)))
    }
}

// ---- paths ----

#[napi(object)]
pub struct PathRule {
    pub id: String,
    pub glob: String,
    #[napi(ts_type = "'read' | 'write' | 'unknown'")]
    pub access: Option<String>,
    #[napi(ts_type = "'low' | 'medium' | 'high' | 'critical'")]
    pub severity: Option<String>,
}

#[napi(object)]
pub struct PathUse {
    pub path: String,
    #[napi(ts_type = "'read' | 'write' | 'unknown'")]
    pub access: Option<String>,
    pub span: Option<Span>,
}

/// Compiled glob rules over paths a tool call touches.
#[napi]
pub struct PathRules {
    inner: Option<core::paths::PathRules>,
    errors: Vec<PatternError>,
}

#[napi]
impl PathRules {
    #[napi(factory)]
    pub fn compile(rules: Vec<PathRule>) -> Result<PathRules> {
        let mut converted = Vec::with_capacity(rules.len());
        for (i, r) in rules.into_iter().enumerate() {
            converted.push(core::paths::PathRule {
                id: r.id,
                glob: r.glob,
                access: parse_access(r.access.as_deref(), &format!("rules[{i}].access"))?,
                severity: parse_severity(r.severity.as_deref(), &format!("rules[{i}].severity"))?,
            });
        }
        Ok(match core::paths::PathRules::new(&converted) {
            Ok(set) => PathRules {
                inner: Some(set),
                errors: Vec::new(),
            },
            Err(errors) => PathRules {
                inner: None,
                errors: pattern_errors(errors),
            },
        })
    }

    #[napi(getter)]
    pub fn errors(&self) -> Vec<PatternError> {
        self.errors
            .iter()
            .map(|e| PatternError {
                index: e.index,
                name: e.name.clone(),
                message: e.message.clone(),
            })
            .collect()
    }

    #[napi]
    pub fn check(&self, uses: Vec<PathUse>, cwd: String, home: String) -> Result<Vec<Finding>> {
        let rules = self.inner.as_ref().ok_or_else(|| {
            Error::new(
                Status::GenericFailure,
                "path rules have compile errors".to_owned(),
            )
        })?;
        let mut converted = Vec::with_capacity(uses.len());
        for (i, u) in uses.into_iter().enumerate() {
            converted.push(core::paths::PathUse {
                path: u.path,
                access: parse_access(u.access.as_deref(), &format!("uses[{i}].access"))?,
                span: u
                    .span
                    .map(|s| core::Span::new(s.start as usize, s.end as usize))
                    .unwrap_or_default(),
            });
        }
        Ok(findings(rules.check(&converted, &cwd, &home)))
    }
}

/// `~` and relative paths made absolute; lexical only.
#[napi]
pub fn resolve_path(path: String, cwd: String, home: String) -> String {
    core::paths::resolve(&path, &cwd, &home)
}
