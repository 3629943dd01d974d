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
//
// `analyzeShell` and `classifyShell` return plain objects of the shapes declared below. Made
// with one Node-API call per object, property, string and array element, as `#[napi(object)]`
// structs are, they took about 85 µs of the 410 µs `analyzeShell` spent on the seed's 45-line
// script. So the result crosses as one string holding every string field back to back and one
// Uint32Array of counts, string lengths (UTF-16 units) and span offsets, and a small JS
// function, compiled once per Node environment, cuts the string and builds the objects with
// literals: about 15 µs. The objects are those the structs gave: the same properties in the
// same order, all writable, enumerable and configurable (the structs still declare the types).

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
    /// Workspace roots whose repository state was needed and not in `repos`.
    pub needs_repo: Vec<String>,
}

/// What the engine needs of a shell command: the findings and the touched paths, without the
/// list of executed commands.
#[napi(object)]
pub struct ShellClassification {
    pub findings: Vec<Finding>,
    pub paths: Vec<TouchedPath>,
    pub parse_ok: bool,
    pub needs_repo: Vec<String>,
}

/// Parses a shell command with tree-sitter-bash and classifies every command it would execute.
/// `cwd` (the directory it runs in) and `protectedRoots` (absolute paths) keep paths under
/// /tmp that are, contain or lie inside them from counting as scratch space.
/// Where a shell command runs: what the consequence of its effects is judged against.
#[napi(object)]
pub struct ShellContext {
    /// The directory it runs in (absolute).
    pub cwd: Option<String>,
    /// The workspace roots (absolute); with none, `cwd` is the project.
    pub roots: Option<Vec<String>>,
    /// The user's home directory.
    pub home: Option<String>,
    /// Temp directories besides /tmp, /var/tmp and /dev/shm.
    pub temp_dirs: Option<Vec<String>>,
}

/// What git can restore, per repository, as the engine last read it. Owned by the engine and
/// handed to every shell classification.
#[napi]
#[derive(Default)]
pub struct RepoStates {
    repos: Vec<std::sync::Arc<core::repo::RepoStatus>>,
}

#[napi]
impl RepoStates {
    #[napi(constructor)]
    pub fn new() -> RepoStates {
        RepoStates::default()
    }

    /// Records `git status --porcelain=v2 -z --untracked-files=all --ignored=matching` of the
    /// repository at `root` (its top level), replacing what was known of it.
    /// `readAtMs`: when git was run (ms since the epoch); files changed later make the judge
    /// ask for a fresh state.
    #[napi]
    pub fn set(&mut self, root: String, porcelain: Buffer, stash_entries: u32, read_at_ms: f64) {
        let status = core::repo::RepoStatus::parse(&root, &porcelain, stash_entries, read_at_ms);
        self.put(status);
    }

    /// Records that `root` is a workspace folder git does not manage.
    #[napi]
    pub fn set_unversioned(&mut self, root: String) {
        self.put(core::repo::RepoStatus::unversioned(&root));
    }

    /// Records that the repository at `root` could not be read: nothing in it is recoverable.
    #[napi]
    pub fn set_unreadable(&mut self, root: String) {
        self.put(core::repo::RepoStatus::unreadable(&root));
    }

    /// Forgets `root` (its state changed): the next classification needing it asks again.
    #[napi]
    pub fn forget(&mut self, root: String) {
        let root = root.trim_end_matches('/');
        self.repos.retain(|r| r.root != root);
    }

    #[napi(getter)]
    pub fn roots(&self) -> Vec<String> {
        self.repos.iter().map(|r| r.root.clone()).collect()
    }

    fn put(&mut self, status: core::repo::RepoStatus) {
        self.repos.retain(|r| r.root != status.root);
        self.repos.push(std::sync::Arc::new(status));
    }
}

#[napi(ts_return_type = "ShellAnalysis")]
pub fn analyze_shell<'env>(
    env: &'env Env,
    command: String,
    context: Option<ShellContext>,
    repos: Option<&RepoStates>,
) -> Result<Unknown<'env>> {
    shell_result(env, &command, context, repos, true)
}

#[napi(ts_return_type = "ShellClassification")]
pub fn classify_shell<'env>(
    env: &'env Env,
    command: String,
    context: Option<ShellContext>,
    repos: Option<&RepoStates>,
) -> Result<Unknown<'env>> {
    shell_result(env, &command, context, repos, false)
}

/// Every category the shell classifier reports (policies map them to verdicts).
#[napi]
pub fn shell_categories() -> Vec<String> {
    core::finding::category::SHELL
        .iter()
        .map(|c| (*c).to_owned())
        .collect()
}

/// A name a policy can write, with its meaning and an example (hovers, completions, schema).
#[napi(object)]
pub struct CatalogEntry {
    pub name: String,
    pub description: String,
    pub example: String,
}

/// The shell categories with their descriptions, in [`shell_categories`]' order.
#[napi]
pub fn shell_category_catalog() -> Vec<CatalogEntry> {
    core::finding::SHELL_CATALOG
        .iter()
        .map(|e| CatalogEntry {
            name: e.name.to_owned(),
            description: e.description.to_owned(),
            example: e.example.to_owned(),
        })
        .collect()
}

fn shell_result<'env>(
    env: &'env Env,
    command: &str,
    context: Option<ShellContext>,
    repos: Option<&RepoStates>,
    with_commands: bool,
) -> Result<Unknown<'env>> {
    let a = core::shell::analyze_in(command, &shell_context(context, repos));
    shell_builder(env)?.call(flatten(&a, with_commands).into())
}

fn shell_context(
    context: Option<ShellContext>,
    repos: Option<&RepoStates>,
) -> core::shell::ShellContext {
    let c = context.unwrap_or(ShellContext {
        cwd: None,
        roots: None,
        home: None,
        temp_dirs: None,
    });
    core::shell::ShellContext {
        cwd: c.cwd,
        protected_roots: c.roots.unwrap_or_default(),
        home: c.home,
        temp_dirs: c.temp_dirs.unwrap_or_default(),
        repos: repos.map(|r| r.repos.clone()).unwrap_or_default(),
    }
}

/// Marks "no commands list" (a `ShellClassification`) in the commands count.
const NO_COMMANDS: u32 = u32::MAX;

/// Builds the result objects from the flat form [`flatten`] writes: `n` starts with the
/// findings count, the commands count (or `NO_COMMANDS`), the paths count and parseOk (0/1);
/// then per finding ruleId, category, severity, span start, span end, message; per command
/// name, args count, each arg, span start, span end; per path path, access, span start, span
/// end; then the needsRepo count and each root. A string is its length, and the next that many UTF-16 units of `text`.
const SHELL_BUILDER_JS: &str = r"(function buildShellResult(text, n) {
  'use strict';
  var t = 0;
  var i = 4;
  function str() {
    var s = text.slice(t, t + n[i]);
    t += n[i++];
    return s;
  }
  function span() {
    var s = { start: n[i], end: n[i + 1] };
    i += 2;
    return s;
  }
  var k;
  var findings = new Array(n[0]);
  for (k = 0; k < findings.length; k++) {
    var ruleId = str();
    var category = str();
    var severity = str();
    var fspan = span();
    findings[k] = { ruleId: ruleId, category: category, severity: severity, span: fspan, message: str() };
  }
  var commands = n[1] === 0xffffffff ? null : new Array(n[1]);
  for (k = 0; commands !== null && k < commands.length; k++) {
    var name = str();
    var args = new Array(n[i++]);
    for (var a = 0; a < args.length; a++) {
      args[a] = str();
    }
    commands[k] = { name: name, args: args, span: span() };
  }
  var paths = new Array(n[2]);
  for (k = 0; k < paths.length; k++) {
    var path = str();
    var access = str();
    paths[k] = { path: path, access: access, span: span() };
  }
  var parseOk = n[3] === 1;
  var needsRepo = new Array(n[i++]);
  for (k = 0; k < needsRepo.length; k++) {
    needsRepo[k] = str();
  }
  return commands === null
    ? { findings: findings, paths: paths, parseOk: parseOk, needsRepo: needsRepo }
    : { findings: findings, commands: commands, paths: paths, parseOk: parseOk, needsRepo: needsRepo };
})";

type ShellBuilder = FunctionRef<FnArgs<(String, Uint32Array)>, Unknown<'static>>;

/// [`SHELL_BUILDER_JS`] compiled in this Node environment, the first call compiling it; kept as
/// the environment's instance data of this module.
fn shell_builder(
    env: &Env,
) -> Result<Function<'_, FnArgs<(String, Uint32Array)>, Unknown<'static>>> {
    if let Some(r) = env.get_instance_data::<ShellBuilder>()? {
        return r.borrow_back(env);
    }
    let f: Function<FnArgs<(String, Uint32Array)>, Unknown<'static>> =
        env.run_script(SHELL_BUILDER_JS)?;
    // The environment is being torn down when the finalizer runs, and its references with it.
    env.set_instance_data(f.create_ref()?, (), |ctx| std::mem::forget(ctx.value))?;
    Ok(f)
}

/// The flat form of a shell result for [`SHELL_BUILDER_JS`].
struct Flat {
    text: String,
    n: Vec<u32>,
}

impl Flat {
    fn str(&mut self, s: &str) {
        let units = if s.is_ascii() {
            s.len()
        } else {
            s.encode_utf16().count()
        };
        self.n.push(to_u32(units));
        self.text.push_str(s);
    }

    fn span(&mut self, s: core::Span) {
        self.n.push(to_u32(s.start));
        self.n.push(to_u32(s.end));
    }
}

impl From<Flat> for FnArgs<(String, Uint32Array)> {
    fn from(f: Flat) -> Self {
        (f.text, Uint32Array::new(f.n)).into()
    }
}

/// `a` in the flat form; without its commands unless `with_commands`.
fn flatten(a: &core::shell::ShellAnalysis, with_commands: bool) -> Flat {
    let mut f = Flat {
        text: String::with_capacity(2048),
        n: Vec::with_capacity(256),
    };
    f.n.push(to_u32(a.findings.len()));
    f.n.push(if with_commands {
        to_u32(a.commands.len()).min(NO_COMMANDS - 1)
    } else {
        NO_COMMANDS
    });
    f.n.push(to_u32(a.paths.len()));
    f.n.push(u32::from(a.parse_ok));
    for x in &a.findings {
        f.str(&x.rule_id);
        f.str(&x.category);
        f.str(x.severity.as_str());
        f.span(x.span);
        f.str(&x.message);
    }
    if with_commands {
        for c in &a.commands {
            f.str(&c.name);
            f.n.push(to_u32(c.args.len()));
            for x in &c.args {
                f.str(x);
            }
            f.span(c.span);
        }
    }
    for p in &a.paths {
        f.str(&p.path);
        f.str(p.access.as_str());
        f.span(p.span);
    }
    f.n.push(to_u32(a.needs_repo.len()));
    for r in &a.needs_repo {
        f.str(r);
    }
    f
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
    /// Byte offset in the pattern where the compiler puts the error, when it names one.
    pub offset: Option<u32>,
}

fn pattern_errors(errors: Vec<core::patterns::PatternError>) -> Vec<PatternError> {
    errors
        .into_iter()
        .map(|e| PatternError {
            index: to_u32(e.index),
            name: e.name,
            message: e.message,
            offset: e.offset.map(to_u32),
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
                offset: e.offset,
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
                offset: e.offset,
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
