//! What a path argument points at: a temp dir, the root, home, the working directory, …; and
//! which paths hold secrets or are devices.

use std::collections::HashMap;

use super::words::Word;

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
    /// Root, home, top-level dirs, the working dir and its parent: deleting them is catastrophic.
    pub fn is_critical(self) -> bool {
        matches!(
            self,
            Target::Root | Target::Home | Target::System | Target::Cwd | Target::Parent
        )
    }

    /// Root, home and top-level dirs.
    pub fn is_system(self) -> bool {
        matches!(self, Target::Root | Target::Home | Target::System)
    }
}

/// Replaces `$NAME` / `${NAME}` by values the input assigns (a few levels deep).
/// `$(mktemp …)` values become `/tmp/mktemp.XXXX`.
pub(super) fn expand_vars(text: &str, vars: &Vars) -> String {
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
                    out.push_str("/tmp/mktemp.XXXX");
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
    s
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

/// Classifies a target word of rm/find/chmod/…; `vars` are the input's own assignments.
pub(super) fn classify(word: &Word, vars: &Vars) -> Target {
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
    classify_text(&expand_vars(raw, vars), vars)
}

enum Base {
    Temp,
    Home,
    OtherHome,
    Abs,
    Cwd,
}

pub(super) fn classify_text(text: &str, vars: &Vars) -> Target {
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
        Base::Abs => classify_abs(&comps),
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

fn classify_abs(c: &[&str]) -> Target {
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
        classify_text(s, &Vars::new())
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
        assert_eq!(classify_text(&expand_vars("$B/obj", &v), &v), Target::Temp);
        assert_eq!(classify_text(&expand_vars("${T}", &v), &v), Target::Temp);
        assert_eq!(
            classify_text(&expand_vars("$TMPDIR/x", &v), &v),
            Target::Home
        );
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
