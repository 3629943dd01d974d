//! Protected-path rules: resolution, glob semantics, access, errors.

use hookwarden_core::paths::{resolve, PathRule, PathRules, PathUse};
use hookwarden_core::patterns::PatternError;
use hookwarden_core::shell::Access;
use hookwarden_core::{Severity, Span};

const CWD: &str = "/home/me/proj/sub";
const HOME: &str = "/home/me";

fn rule(id: &str, glob: &str, access: Access) -> PathRule {
    PathRule {
        id: id.into(),
        glob: glob.into(),
        access,
        severity: Severity::High,
    }
}

fn rules(list: &[PathRule]) -> PathRules {
    match PathRules::new(list) {
        Ok(r) => r,
        Err(e) => panic!("{e:?}"),
    }
}

fn use_(path: &str, access: Access) -> PathUse {
    PathUse {
        path: path.into(),
        access,
        span: Span::new(3, 3 + path.len()),
    }
}

/// Rule ids that fire for one use.
fn fired(r: &PathRules, path: &str, access: Access) -> Vec<String> {
    r.check(&[use_(path, access)], CWD, HOME)
        .into_iter()
        .map(|f| f.rule_id)
        .collect()
}

fn default_rules() -> PathRules {
    rules(&[
        rule("paths.ssh", "~/.ssh/", Access::Read),
        rule("paths.dotenv", ".env", Access::Read),
        rule("paths.dotenv-variants", ".env.*", Access::Read),
        rule("paths.passwd", "/etc/passwd", Access::Write),
        rule("paths.hooks", ".vscode/hooks.json", Access::Write),
        rule("paths.pem", "*.pem", Access::Read),
        rule("paths.etc", "/etc/**", Access::Write),
    ])
}

#[test]
fn resolve_is_lexical() {
    assert_eq!(resolve("~", CWD, HOME), "/home/me");
    assert_eq!(resolve("~/.ssh/id_rsa", CWD, HOME), "/home/me/.ssh/id_rsa");
    assert_eq!(
        resolve("$HOME/.aws/credentials", CWD, HOME),
        "/home/me/.aws/credentials"
    );
    assert_eq!(resolve("${HOME}/x", CWD, HOME), "/home/me/x");
    assert_eq!(
        resolve("~bob/.ssh/id_rsa", CWD, HOME),
        "/home/bob/.ssh/id_rsa"
    );
    assert_eq!(resolve("./.env", CWD, HOME), "/home/me/proj/sub/.env");
    assert_eq!(
        resolve("../x/.env.local", CWD, HOME),
        "/home/me/proj/x/.env.local"
    );
    assert_eq!(
        resolve("a/./b//c/../d/", CWD, HOME),
        "/home/me/proj/sub/a/b/d"
    );
    assert_eq!(resolve("/etc/passwd", CWD, HOME), "/etc/passwd");
    assert_eq!(resolve("/../../etc/passwd", CWD, HOME), "/etc/passwd");
    assert_eq!(resolve("../../../../../..", CWD, HOME), "/");
    assert_eq!(resolve(".", CWD, HOME), CWD);
    assert_eq!(resolve("x", "", HOME), "/x");
    assert_eq!(resolve("x", "rel/dir", HOME), "/rel/dir/x");
    assert_eq!(resolve("~/.ssh/../.ssh/id_rsa", CWD, ""), "~/.ssh/id_rsa");
    assert_eq!(resolve("~file", CWD, HOME), "/home/file");
}

#[test]
fn home_globs() {
    let r = default_rules();
    assert_eq!(fired(&r, "~/.ssh/id_rsa", Access::Read), ["paths.ssh"]);
    assert_eq!(
        fired(&r, "/home/me/.ssh/config", Access::Read),
        ["paths.ssh"]
    );
    assert_eq!(
        fired(&r, "../../.ssh/authorized_keys", Access::Write),
        ["paths.ssh"]
    );
    assert_eq!(fired(&r, "$HOME/.ssh", Access::Unknown), ["paths.ssh"]);
    assert!(fired(&r, "/home/other/.ssh/id_rsa", Access::Read).is_empty());
    assert!(fired(&r, "/root/.ssh/id_rsa", Access::Read).is_empty());
}

#[test]
fn bare_names_match_at_any_depth() {
    let r = default_rules();
    assert_eq!(fired(&r, "./.env", Access::Read), ["paths.dotenv"]);
    assert_eq!(fired(&r, ".env", Access::Write), ["paths.dotenv"]);
    assert_eq!(fired(&r, "/srv/app/.env", Access::Read), ["paths.dotenv"]);
    assert_eq!(fired(&r, "~/.env", Access::Read), ["paths.dotenv"]);
    assert_eq!(
        fired(&r, "../x/.env.local", Access::Read),
        ["paths.dotenv-variants"]
    );
    assert!(fired(&r, ".envrc", Access::Read).is_empty());
    assert!(fired(&r, "docs/env.md", Access::Read).is_empty());
    assert_eq!(fired(&r, "certs/server.pem", Access::Read), ["paths.pem"]);
    assert_eq!(
        fired(&r, "/etc/ssl/private/key.pem", Access::Read),
        ["paths.pem"]
    );
}

#[test]
fn relative_globs_with_a_slash_match_below_any_directory() {
    let r = default_rules();
    assert_eq!(
        fired(&r, ".vscode/hooks.json", Access::Write),
        ["paths.hooks"]
    );
    assert_eq!(
        fired(&r, "/elsewhere/.vscode/hooks.json", Access::Write),
        ["paths.hooks"]
    );
    assert!(fired(&r, ".vscode/hooks.json.bak", Access::Write).is_empty());
    assert!(fired(&r, "vscode/hooks.json", Access::Write).is_empty());
}

#[test]
fn absolute_versus_relative() {
    let r = default_rules();
    assert_eq!(
        fired(&r, "/etc/passwd", Access::Write),
        ["paths.passwd", "paths.etc"]
    );
    assert_eq!(
        fired(&r, "/../etc/passwd", Access::Write),
        ["paths.passwd", "paths.etc"]
    );
    // `etc/passwd` relative to the project is not `/etc/passwd`.
    assert!(fired(&r, "etc/passwd", Access::Write).is_empty());
    let relative = rules(&[rule("r", "etc/passwd", Access::Read)]);
    assert_eq!(fired(&relative, "etc/passwd", Access::Read), ["r"]);
    assert_eq!(fired(&relative, "/etc/passwd", Access::Read), ["r"]);
}

#[test]
fn dot_dot_above_root_stays_at_root() {
    let r = rules(&[rule("root-etc", "/etc/hosts", Access::Read)]);
    assert_eq!(
        fired(&r, "../../../../../../etc/hosts", Access::Read),
        ["root-etc"]
    );
}

#[test]
fn directory_rules_cover_their_contents() {
    let r = rules(&[
        rule("git", ".git", Access::Write),
        rule("star", "secrets/*", Access::Read),
    ]);
    assert_eq!(fired(&r, ".git/config", Access::Write), ["git"]);
    assert_eq!(
        fired(&r, "/repo/.git/hooks/pre-commit", Access::Write),
        ["git"]
    );
    assert!(fired(&r, ".github/workflows/ci.yml", Access::Write).is_empty());
    assert_eq!(fired(&r, "secrets/a", Access::Read), ["star"]);
    assert_eq!(fired(&r, "secrets/a/b", Access::Read), ["star"]);
    assert!(fired(&r, "secrets", Access::Read).is_empty());
}

#[test]
fn write_rules_ignore_reads_and_other_rules_fire_for_everything() {
    let r = default_rules();
    assert!(fired(&r, "/etc/passwd", Access::Read).is_empty());
    assert_eq!(
        fired(&r, "/etc/passwd", Access::Unknown),
        ["paths.passwd", "paths.etc"]
    );
    assert_eq!(
        fired(&r, "/etc/passwd", Access::Write),
        ["paths.passwd", "paths.etc"]
    );
    for a in [Access::Read, Access::Write, Access::Unknown] {
        assert_eq!(fired(&r, ".env", a), ["paths.dotenv"]);
    }
    let unknown = rules(&[rule("u", ".npmrc", Access::Unknown)]);
    assert_eq!(fired(&unknown, ".npmrc", Access::Read), ["u"]);
}

#[test]
fn findings_carry_span_category_and_resolved_path() {
    let r = default_rules();
    let uses = [
        use_("notes.txt", Access::Read),
        use_("./.env", Access::Read),
        use_("~/.ssh/id_rsa", Access::Write),
    ];
    let f = r.check(&uses, CWD, HOME);
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].span, uses[1].span);
    assert_eq!(f[0].category, "protected-path");
    assert_eq!(f[0].severity, Severity::High);
    assert!(
        f[0].message.contains("/home/me/proj/sub/.env"),
        "{}",
        f[0].message
    );
    assert!(f[1].message.starts_with("writes"), "{}", f[1].message);
    assert!(
        f[1].message.contains("/home/me/.ssh/id_rsa"),
        "{}",
        f[1].message
    );
}

#[test]
fn every_bad_glob_is_reported_with_its_rule_id() {
    let e: Vec<PatternError> = match PathRules::new(&[
        rule("ok", "*.key", Access::Read),
        rule("open-class", "a[", Access::Read),
        rule("empty", "", Access::Read),
        rule("dotdot", "../secrets", Access::Read),
        rule("open-alt", "{a,b", Access::Read),
    ]) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    };
    let got: Vec<(usize, &str)> = e.iter().map(|e| (e.index, e.name.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (1, "open-class"),
            (2, "empty"),
            (3, "dotdot"),
            (4, "open-alt")
        ]
    );
    assert!(e.iter().all(|e| !e.message.is_empty()));
}

#[test]
fn no_rules_no_findings() {
    let r = rules(&[]);
    assert!(r.is_empty());
    assert!(r
        .check(&[use_("/etc/passwd", Access::Write)], CWD, HOME)
        .is_empty());
}
