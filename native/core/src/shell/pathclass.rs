//! What a path argument points at: a temp dir, the root, home, the working directory, …; and
//! which paths hold secrets or are devices.

use std::borrow::Cow;
use std::collections::HashMap;

use super::words::Word;
use super::ShellContext;

/// A variable's value as far as the input itself assigns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum VarVal {
    Static(String),
    /// Assigned from `$(mktemp …)`.
    Temp,
    /// Assigned something unknown (several values, a loop variable, `read`).
    Unknown,
}

pub(super) type Vars = HashMap<String, VarVal>;

/// Where a destructive command's target points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// Inside /tmp, /var/tmp, $TMPDIR or a `mktemp` directory.
    Temp,
    Root,
    /// A home directory itself (`~`, `$HOME`, `~user`, `/home/x`) or everything in it.
    Home,
    /// A top-level directory (`/etc`, `/usr`, `/*`).
    System,
    /// The working directory itself (`.`, `*`, `./*`).
    Cwd,
    Parent,
    /// Anything else, including run-time values.
    Other,
}

impl Target {
    /// Root, home and top-level dirs.
    pub fn is_system(self) -> bool {
        matches!(self, Target::Root | Target::Home | Target::System)
    }
}

/// The directory name `$(mktemp …)` values expand to, under /tmp.
pub(super) const MKTEMP_DIR: &str = "mktemp.XXXX";

/// Replaces `$NAME` / `${NAME}` by values the input assigns (a few levels deep).
/// `$(mktemp …)` values become `/tmp/mktemp.XXXX`.
pub(super) fn expand_vars<'a>(text: &'a str, vars: &Vars) -> Cow<'a, str> {
    if !text.contains('$') || vars.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut s = text.to_owned();
    for _ in 0..4 {
        if !s.contains('$') || vars.is_empty() {
            break;
        }
        let mut out = String::with_capacity(s.len());
        let mut changed = false;
        let mut rest = s.as_str();
        while let Some(pos) = rest.find('$') {
            out.push_str(&rest[..pos]);
            let after = &rest[pos + 1..];
            let (name, len) = if let Some(inner) = after.strip_prefix('{') {
                match inner.find('}') {
                    Some(end) if is_name(&inner[..end]) => (&inner[..end], end + 2),
                    _ => ("", 0),
                }
            } else {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], end)
            };
            match vars.get(name) {
                Some(VarVal::Static(v)) if !name.is_empty() => {
                    out.push_str(v);
                    changed = true;
                }
                Some(VarVal::Temp) if !name.is_empty() => {
                    out.push_str("/tmp/");
                    out.push_str(MKTEMP_DIR);
                    changed = true;
                }
                _ => {
                    out.push('$');
                    out.push_str(&after[..len]);
                }
            }
            rest = &after[len..];
        }
        out.push_str(rest);
        s = out;
        if !changed {
            break;
        }
    }
    Cow::Owned(s)
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A leading `$NAME` / `${NAME}`: (name, rest).
fn leading_var(s: &str) -> Option<(&str, &str)> {
    let after = s.strip_prefix('$')?;
    if let Some(inner) = after.strip_prefix('{') {
        let end = inner.find('}')?;
        let name = &inner[..end];
        return is_name(name).then(|| (name, &inner[end + 1..]));
    }
    let end = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    (end > 0).then(|| (&after[..end], &after[end..]))
}

/// The working directory and protected roots as normalised absolute component lists.
#[derive(Debug, Clone, Default)]
pub(super) struct PathCtx {
    cwd: Option<Vec<String>>,
    protected: Vec<Vec<String>>,
}

/// How a target path relates to a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    Equal,
    Inside,
    Above,
}

impl PathCtx {
    pub fn new(ctx: &ShellContext) -> PathCtx {
        PathCtx {
            cwd: ctx.cwd.as_deref().and_then(abs_components),
            protected: ctx
                .protected_roots
                .iter()
                .filter_map(|r| abs_components(r))
                .collect(),
        }
    }

    fn cwd_rel(&self, target: &[&str]) -> Option<Rel> {
        relation(target, self.cwd.as_deref()?)
    }

    fn protected_rel(&self, target: &[&str]) -> Option<Rel> {
        self.protected.iter().find_map(|r| relation(target, r))
    }
}

/// Components of an absolute path with `.`/`..` resolved and macOS's `/private` prefix of
/// /tmp, /var and /etc dropped; None for a path that is not absolute.
fn abs_components(path: &str) -> Option<Vec<String>> {
    let path = path.trim();
    if !path.starts_with('/') {
        return None;
    }
    let mut comps: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                comps.pop();
            }
            other => comps.push(other),
        }
    }
    Some(unprivate(&comps).iter().map(|c| (*c).to_owned()).collect())
}

/// `/private/tmp/…` is `/tmp/…` on macOS (likewise /var, /etc).
fn unprivate<'a, 'b>(c: &'a [&'b str]) -> &'a [&'b str] {
    match c {
        ["private", "tmp" | "var" | "etc", ..] => &c[1..],
        _ => c,
    }
}

/// Whether `target` (which may hold glob components) is, lies inside or lies above `dir`.
fn relation(target: &[&str], dir: &[String]) -> Option<Rel> {
    let target = unprivate(target);
    let common = target.len().min(dir.len());
    if !target[..common]
        .iter()
        .zip(&dir[..common])
        .all(|(t, d)| component_matches(t, d))
    {
        return None;
    }
    Some(match target.len().cmp(&dir.len()) {
        std::cmp::Ordering::Equal => Rel::Equal,
        std::cmp::Ordering::Greater => Rel::Inside,
        std::cmp::Ordering::Less => Rel::Above,
    })
}

/// Whether a target path component can name the directory `name`: equal, or a glob that may
/// match it (`*` and `?` are matched; brackets, braces and escapes count as matching).
pub(super) fn component_matches(pat: &str, name: &str) -> bool {
    if !pat.contains(['*', '?', '[', '{', '\\']) {
        return pat == name;
    }
    if pat.contains(['[', '{', '\\']) {
        return true;
    }
    wildcard(pat.as_bytes(), name.as_bytes())
}

/// `*`/`?` matching over bytes (`?` matches one byte: good enough, and errs towards a match
/// only for multi-byte names, never against one).
fn wildcard(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// Classifies a target word of rm/find/chmod/…; `vars` are the input's own assignments.
pub(super) fn classify(word: &Word, vars: &Vars, ctx: &PathCtx) -> Target {
    if word.stdin {
        return Target::Other;
    }
    let raw = word.text.trim();
    if word.subst {
        let mk = raw.starts_with("$(mktemp") || raw.starts_with("`mktemp");
        return if mk && !raw.contains("..") {
            Target::Temp
        } else {
            Target::Other
        };
    }
    classify_text(&expand_vars(raw, vars), vars, ctx)
}

enum Base {
    Temp,
    Home,
    OtherHome,
    Abs,
    Cwd,
}

pub(super) fn classify_text(text: &str, vars: &Vars, ctx: &PathCtx) -> Target {
    let (base, rest) = if let Some((name, rest)) = leading_var(text) {
        match name {
            // $TMPDIR counts as temp unless the input itself points it elsewhere.
            "TMPDIR" if !vars.contains_key("TMPDIR") => (Base::Temp, rest),
            "HOME" if !vars.contains_key("HOME") => (Base::Home, rest),
            "PWD" if !vars.contains_key("PWD") => (Base::Cwd, rest),
            _ => return Target::Other,
        }
    } else if let Some(after) = text.strip_prefix('~') {
        let end = after.find('/').unwrap_or(after.len());
        match &after[..end] {
            "" => (Base::Home, &after[end..]),
            "+" => (Base::Cwd, &after[end..]),
            _ => (Base::OtherHome, &after[end..]),
        }
    } else if text.starts_with('/') {
        (Base::Abs, text)
    } else if text.is_empty() {
        return Target::Other;
    } else {
        (Base::Cwd, text)
    };
    let mut comps: Vec<&str> = Vec::new();
    let mut escaped = 0usize;
    for c in rest.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if comps.pop().is_none() {
                    escaped += 1;
                }
            }
            other => comps.push(other),
        }
    }
    let glob_all = |c: &[&str]| c.len() == 1 && matches!(c[0], "*" | ".*" | "{*,.*}");
    match base {
        Base::Temp => {
            if escaped > 0 {
                Target::Other
            } else {
                Target::Temp
            }
        }
        Base::Home => {
            if escaped > 0 {
                if comps.is_empty() {
                    Target::System
                } else {
                    Target::Other
                }
            } else if comps.is_empty() || glob_all(&comps) {
                Target::Home
            } else {
                Target::Other
            }
        }
        Base::OtherHome => {
            if comps.is_empty() && escaped == 0 {
                Target::Home
            } else {
                Target::Other
            }
        }
        Base::Abs => classify_abs(&comps, ctx),
        Base::Cwd => {
            if escaped > 0 {
                if comps.is_empty() || glob_all(&comps) {
                    Target::Parent
                } else {
                    Target::Other
                }
            } else if comps.is_empty() || glob_all(&comps) {
                Target::Cwd
            } else {
                Target::Other
            }
        }
    }
}

/// An absolute path: today's classification, except that the working directory, protected
/// roots, everything inside them and every directory above them are never scratch space.
fn classify_abs(c: &[&str], ctx: &PathCtx) -> Target {
    let plain = classify_abs_plain(c);
    // A fresh `mktemp` directory is scratch space wherever the command runs.
    if plain == Target::Temp && matches!(c, ["tmp", MKTEMP_DIR, ..]) {
        return plain;
    }
    if plain.is_system() {
        return plain;
    }
    match ctx.cwd_rel(c) {
        Some(Rel::Equal) => return Target::Cwd,
        Some(Rel::Above) => return Target::Parent,
        Some(Rel::Inside) => return Target::Other,
        None => {}
    }
    if ctx.protected_rel(c).is_some() {
        return Target::Other;
    }
    plain
}

fn classify_abs_plain(c: &[&str]) -> Target {
    let is_temp = matches!(
        c,
        ["tmp", ..]
            | ["var", "tmp", ..]
            | ["private", "tmp", ..]
            | ["private", "var", "tmp", ..]
            | ["dev", "shm", ..]
    );
    if is_temp {
        return Target::Temp;
    }
    match c {
        [] => Target::Root,
        [one] if matches!(*one, "*" | ".*") => Target::Root,
        ["home" | "Users", _] => Target::Home,
        ["root"] => Target::Home,
        [_] => Target::System,
        [_, "*"] => Target::System,
        _ => Target::Other,
    }
}

/// A block device node (writing to it destroys a disk).
pub(super) fn is_block_device(path: &str) -> bool {
    let Some(dev) = path.strip_prefix("/dev/") else {
        return false;
    };
    let prefixes = [
        "sd", "hd", "vd", "xvd", "nvme", "mmcblk", "disk", "rdisk", "md", "dm-", "mapper/", "loop",
        "sr",
    ];
    prefixes.iter().any(|p| {
        dev.strip_prefix(p).is_some_and(|r| {
            *p == "mapper/" || r.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        })
    })
}

/// Paths that do not matter as "touched" paths.
pub(super) fn is_boring(path: &str) -> bool {
    matches!(
        path,
        "/dev/null"
            | "/dev/stdout"
            | "/dev/stderr"
            | "/dev/stdin"
            | "/dev/tty"
            | "/dev/zero"
            | "/dev/urandom"
            | "/dev/random"
            | "-"
    )
}

/// What kind of secret a path holds, if it is a well-known secret file.
pub(super) fn secret_kind(path: &str) -> Option<&'static str> {
    let p = path.trim_end_matches('/');
    let base = p.rsplit('/').next().unwrap_or(p);
    let in_dir = |dir: &str| {
        p.match_indices(dir).any(|(i, _)| {
            let before_ok = i == 0 || p.as_bytes()[i - 1] == b'/';
            let after_ok = p.as_bytes().get(i + dir.len()) == Some(&b'/');
            before_ok && after_ok
        })
    };
    // A whole credentials directory (`tar czf - ~/.ssh`, `cp -r ~/.aws …`).
    match base {
        ".ssh" => return Some("the SSH keys directory"),
        ".aws" => return Some("the AWS credentials directory"),
        ".gnupg" => return Some("the GnuPG keyring"),
        "gcloud" if in_dir(".config") => return Some("the Google Cloud credentials directory"),
        ".azure" => return Some("the Azure credentials directory"),
        ".kube" => return Some("the Kubernetes credentials directory"),
        _ => {}
    }
    if in_dir(".ssh") {
        let public = base.ends_with(".pub")
            || matches!(
                base,
                "known_hosts"
                    | "known_hosts.old"
                    | "config"
                    | "authorized_keys"
                    | "authorized_keys2"
            );
        if !public {
            return Some("an SSH private key");
        }
    }
    if !base.ends_with(".pub")
        && [
            "id_rsa",
            "id_dsa",
            "id_ecdsa",
            "id_ed25519",
            "id_ecdsa_sk",
            "id_ed25519_sk",
        ]
        .iter()
        .any(|k| base.starts_with(k))
    {
        return Some("an SSH private key");
    }
    if p.ends_with(".aws/credentials") || (in_dir(".aws") && base == "credentials") {
        return Some("AWS credentials");
    }
    if base == ".env" || base == ".envrc" {
        return Some("a .env file");
    }
    if let Some(suffix) = base.strip_prefix(".env.") {
        let template = [
            "example", "sample", "template", "dist", "defaults", "schema",
        ];
        if !template.iter().any(|t| suffix.contains(t)) {
            return Some("a .env file");
        }
    }
    if matches!(
        p,
        "/etc/shadow"
            | "/etc/gshadow"
            | "/etc/master.passwd"
            | "/etc/shadow-"
            | "/etc/security/opasswd"
    ) {
        return Some("the system password hashes");
    }
    match base {
        ".netrc" | "_netrc" => return Some("a .netrc file"),
        ".pgpass" => return Some("a PostgreSQL password file"),
        ".git-credentials" => return Some("stored git credentials"),
        ".pypirc" => return Some("a PyPI credentials file"),
        "credentials.json" | "application_default_credentials.json" | "service-account.json" => {
            return Some("a cloud credentials file")
        }
        _ => {}
    }
    if p.ends_with(".docker/config.json") {
        return Some("Docker registry credentials");
    }
    if p.ends_with(".kube/config") {
        return Some("a Kubernetes config");
    }
    if p.ends_with(".config/gh/hosts.yml") {
        return Some("GitHub CLI tokens");
    }
    if in_dir(".gnupg") && (base.ends_with(".key") || p.contains("private-keys")) {
        return Some("GnuPG private keys");
    }
    if p.starts_with("/proc/") && base == "environ" {
        return Some("a process environment");
    }
    if (base.ends_with(".pem") && base.contains("key"))
        || base.ends_with(".key")
        || base.ends_with(".p12")
        || base.ends_with(".pfx")
    {
        return Some("a private key file");
    }
    None
}

/// System files whose modification grants privileges.
pub(super) fn privilege_file(path: &str) -> Option<&'static str> {
    let p = path.trim_end_matches('/');
    if p == "/etc/sudoers" || p.starts_with("/etc/sudoers.d") || p == "/etc/doas.conf" {
        return Some("the sudoers configuration");
    }
    if matches!(
        p,
        "/etc/passwd" | "/etc/shadow" | "/etc/group" | "/etc/gshadow"
    ) {
        return Some("the system account database");
    }
    if p.starts_with("/etc/pam.d/") || p == "/etc/pam.conf" {
        return Some("the PAM configuration");
    }
    None
}

/// A variable name that conventionally holds a secret.
pub(super) fn is_secret_var(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    [
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "CREDENTIAL",
    ]
    .iter()
    .any(|k| n.contains(k))
}

/// Names of `$VAR` / `${VAR…}` references in a word.
pub(super) fn var_refs(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('$').filter_map(move |(i, _)| {
        let after = &text[i + 1..];
        let after = after.strip_prefix('{').unwrap_or(after);
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        (end > 0).then(|| &after[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Target {
        classify_text(s, &Vars::new(), &PathCtx::default())
    }

    fn t_in(s: &str, cwd: Option<&str>, roots: &[&str]) -> Target {
        let ctx = PathCtx::new(&ShellContext {
            cwd: cwd.map(str::to_owned),
            protected_roots: roots.iter().map(|r| (*r).to_owned()).collect(),
            ..Default::default()
        });
        classify_text(s, &Vars::new(), &ctx)
    }

    #[test]
    fn targets() {
        assert_eq!(t("/"), Target::Root);
        assert_eq!(t("/*"), Target::Root);
        assert_eq!(t("~"), Target::Home);
        assert_eq!(t("~/"), Target::Home);
        assert_eq!(t("$HOME"), Target::Home);
        assert_eq!(t("${HOME}/*"), Target::Home);
        assert_eq!(t("."), Target::Cwd);
        assert_eq!(t("*"), Target::Cwd);
        assert_eq!(t(".."), Target::Parent);
        assert_eq!(t("/etc"), Target::System);
        assert_eq!(t("/home/alice"), Target::Home);
        assert_eq!(t("/tmp"), Target::Temp);
        assert_eq!(t("/tmp/x/y"), Target::Temp);
        assert_eq!(t("/var/tmp/x"), Target::Temp);
        assert_eq!(t("$TMPDIR/x"), Target::Temp);
        assert_eq!(t("${TMPDIR}"), Target::Temp);
        assert_eq!(t("/tmp/../etc/x"), Target::Other);
        assert_eq!(t("/tmp/../etc"), Target::System);
        assert_eq!(t("$TMPDIR/../x"), Target::Other);
        assert_eq!(t("~bob/x"), Target::Other);
        assert_eq!(t("~bob"), Target::Home);
        assert_eq!(t("build"), Target::Other);
        assert_eq!(t("$DIR"), Target::Other);
        assert_eq!(t("./node_modules"), Target::Other);
    }

    #[test]
    fn vars_resolve() {
        let mut v = Vars::new();
        v.insert("B".into(), VarVal::Static("/tmp/build-$$".into()));
        v.insert("T".into(), VarVal::Temp);
        v.insert("TMPDIR".into(), VarVal::Static("/Users".into()));
        let none = PathCtx::default();
        assert_eq!(
            classify_text(&expand_vars("$B/obj", &v), &v, &none),
            Target::Temp
        );
        assert_eq!(
            classify_text(&expand_vars("${T}", &v), &v, &none),
            Target::Temp
        );
        assert_eq!(
            classify_text(&expand_vars("$TMPDIR/x", &v), &v, &none),
            Target::Home
        );
        // A mktemp directory stays scratch space even when the working directory is /tmp.
        let in_tmp = PathCtx::new(&ShellContext {
            cwd: Some("/tmp".into()),
            protected_roots: Vec::new(),
            ..Default::default()
        });
        assert_eq!(
            classify_text(&expand_vars("${T}/x", &v), &v, &in_tmp),
            Target::Temp
        );
        assert_eq!(
            classify_text(&expand_vars("$T/..", &v), &v, &in_tmp),
            Target::Cwd
        );
    }

    #[test]
    fn targets_in_context() {
        let cwd = Some("/tmp/w/proj");
        assert_eq!(t_in("/tmp/w/proj", cwd, &[]), Target::Cwd);
        assert_eq!(t_in("/tmp/w/proj/", cwd, &[]), Target::Cwd);
        assert_eq!(t_in("/tmp/w/proj/victim", cwd, &[]), Target::Other);
        assert_eq!(t_in("/tmp/w", cwd, &[]), Target::Parent);
        assert_eq!(t_in("/tmp", cwd, &[]), Target::Parent);
        assert_eq!(t_in("/tmp/*", cwd, &[]), Target::Parent);
        assert_eq!(t_in("/tmp/w*/p?oj", cwd, &[]), Target::Cwd);
        assert_eq!(t_in("/tmp/*/proj/src", cwd, &[]), Target::Other);
        assert_eq!(t_in("/tmp/x*", cwd, &[]), Target::Temp);
        assert_eq!(t_in("/tmp/other-scratch", cwd, &[]), Target::Temp);
        assert_eq!(t_in("/tmp/w/other", cwd, &[]), Target::Temp);
        assert_eq!(t_in("/tmp/w/proj/../other", cwd, &[]), Target::Temp);
        assert_eq!(t_in("/tmp/w/other/../proj/x", cwd, &[]), Target::Other);
        assert_eq!(t_in("/private/tmp/w/proj/x", cwd, &[]), Target::Other);
        assert_eq!(
            t_in("/tmp/w/proj/x", Some("/private/tmp/w/proj"), &[]),
            Target::Other
        );
        // Relative targets are unchanged.
        assert_eq!(t_in("victim", cwd, &[]), Target::Other);
        assert_eq!(t_in(".", cwd, &[]), Target::Cwd);
        assert_eq!(t_in("..", cwd, &[]), Target::Parent);
        // Top-level and home classifications win.
        assert_eq!(t_in("/", cwd, &[]), Target::Root);
        assert_eq!(t_in("/home/u", Some("/home/u/p"), &[]), Target::Home);
        assert_eq!(t_in("/home/u/p", Some("/home/u/p"), &[]), Target::Cwd);
        // $TMPDIR's value is unknown, so it stays scratch space.
        assert_eq!(t_in("$TMPDIR/x", cwd, &[]), Target::Temp);
        // Protected roots.
        let roots = ["/tmp/ws"];
        assert_eq!(t_in("/tmp/ws/a", Some("/home/u"), &roots), Target::Other);
        assert_eq!(t_in("/tmp/ws", None, &roots), Target::Other);
        assert_eq!(t_in("/tmp", None, &roots), Target::Other);
        assert_eq!(t_in("/tmp/other", None, &roots), Target::Temp);
        // Relative entries are ignored.
        assert_eq!(t_in("/tmp/x", Some("proj"), &["tmp"]), Target::Temp);
    }

    #[test]
    fn secrets_and_devices() {
        assert!(secret_kind("~/.ssh/id_rsa").is_some());
        assert!(secret_kind("~/.ssh/id_rsa.pub").is_none());
        assert!(secret_kind("~/.ssh/config").is_none());
        assert!(secret_kind(".env").is_some());
        assert!(secret_kind("app/.env.local").is_some());
        assert!(secret_kind(".env.example").is_none());
        assert!(secret_kind("/etc/shadow").is_some());
        assert!(secret_kind("src/main.rs").is_none());
        assert!(is_block_device("/dev/sda"));
        assert!(is_block_device("/dev/nvme0n1"));
        assert!(!is_block_device("/dev/null"));
        assert!(!is_block_device("/dev/stdout"));
    }
}
