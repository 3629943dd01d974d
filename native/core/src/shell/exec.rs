//! From an argv to the command that really runs: wrappers (`sudo`, `env`, `timeout`, …),
//! runners (`xargs`, `parallel`, `find -exec`), and code in strings (`bash -c`, `eval`,
//! interpreters' `-c`/`-e`, `ssh host cmd`).

use std::borrow::Cow;

use super::code::is_shell;
use super::interp::{self};
use super::opts;
use super::walk::{Analyzer, Input, Output, Unit, MAX_EXEC_DEPTH};
use super::words::{self, Word};
use super::Access;
use crate::finding::category;
use crate::{Severity, Span};

/// The name a command is matched by: basename, lowercased (`/bin/RM` → `rm`; macOS file
/// systems are case-insensitive, so `GIT` runs git).
pub(super) fn command_key(text: &str) -> Cow<'_, str> {
    let base = text.rsplit('/').next().unwrap_or(text);
    if base.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(base.to_ascii_lowercase())
    } else {
        Cow::Borrowed(base)
    }
}

/// `NAME=value` as an assignment word.
pub(super) fn is_assignment(t: &str) -> bool {
    match t.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// A command name that looks like a botched assignment (`1A=2`, `A-B=2`, `=2`). The shell would
/// try to run a program by that name; we read the rest as the intended command.
fn looks_like_assignment(t: &str) -> bool {
    match t.split_once('=') {
        Some((name, _)) => {
            !name.contains('/') && !name.starts_with('-') && !name.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// The value of option `-x` / `--long` as a word: the next word, or the attached rest.
pub(super) fn attached_value(w: &Word, prefix_len: usize) -> Word {
    let text = w.text.get(prefix_len..).unwrap_or("").to_owned();
    let code_map = w.code_map.map(|m| m.sub(prefix_len));
    Word {
        text,
        code_map,
        ..w.clone()
    }
}

impl Analyzer {
    /// Runs one argv: unwraps wrappers, then classifies the command that runs.
    pub fn exec(&mut self, argv: Vec<Word>, u: &Unit, input: &Input) -> Output {
        if self.exec_depth >= MAX_EXEC_DEPTH {
            self.too_deep(words::span_of(&argv, Span::default()));
            return Output::default();
        }
        self.exec_depth += 1;
        let mut out = self.exec_inner(argv, u, input);
        self.exec_depth -= 1;
        if out.secret.is_none() {
            // A wrapper that itself prints secrets (`env` alone) passes them on.
            out.secret = self.secret_reads.get(self.arg_secret_mark).cloned();
        }
        out
    }

    fn exec_inner(&mut self, mut argv: Vec<Word>, u: &Unit, input: &Input) -> Output {
        let mut i = 0usize;
        let mut rounds = 0;
        // The whole command with its wrappers (`sudo bash`), for findings about what it reads.
        let outer = words::span_of(&argv, Span::default());
        let mut elevated = false;
        loop {
            rounds += 1;
            if i >= argv.len() {
                return Output::default();
            }
            if rounds > 64 {
                // Wrappers in wrappers past any real use: what finally runs is not resolved.
                self.too_deep(words::span_of(&argv, Span::default()));
                return Output::default();
            }
            let w = &argv[i];
            let span = words::span_of(&argv[i..], w.span);
            if !w.is_static() {
                let (rule, cat, sev, msg) = if w.fetch {
                    (
                        "shell.exec-remote-content",
                        category::REMOTE_CODE_EXEC,
                        Severity::Critical,
                        format!(
                            "runs a command named by downloaded content ({})",
                            words::clip(&w.text, 60)
                        ),
                    )
                } else if w.stdin {
                    (
                        "shell.dynamic-command",
                        category::DYNAMIC,
                        Severity::Medium,
                        "the command to run comes from input data and is unknown until run time"
                            .to_owned(),
                    )
                } else {
                    (
                        "shell.dynamic-command",
                        category::DYNAMIC,
                        Severity::Medium,
                        format!(
                            "the command name {} is only known at run time",
                            words::clip(&w.text, 60)
                        ),
                    )
                };
                self.report(rule, cat, sev, span, msg);
                self.record(&argv[i..]);
                return Output::default();
            }
            if i + 1 < argv.len() && looks_like_assignment(&w.text) {
                i += 1;
                continue;
            }
            let name = command_key(&w.text);
            match &*name {
                "sudo" | "doas" | "pkexec" | "run0" => {
                    let (sv, lv): (&str, &[&str]) = match &*name {
                        "sudo" => (
                            "CDgpRrtTUu",
                            &[
                                "chdir",
                                "close-from",
                                "group",
                                "prompt",
                                "role",
                                "type",
                                "other-user",
                                "user",
                                "command-timeout",
                                "host",
                            ],
                        ),
                        "doas" => ("uC", &[]),
                        "pkexec" => ("", &["user"]),
                        _ => (
                            "ugD",
                            &["user", "group", "chdir", "setenv", "description", "nice"],
                        ),
                    };
                    let j = opts::first_operand(&argv, i + 1, sv, lv);
                    let flags: String = argv[i + 1..j.min(argv.len())]
                        .iter()
                        .filter(|a| a.is_option() && !a.text.starts_with("--"))
                        .flat_map(|a| a.text.chars().skip(1))
                        .collect();
                    let edit = name == "sudo"
                        && (flags.contains('e')
                            || argv[i + 1..j].iter().any(|a| a.text == "--edit"));
                    if edit {
                        self.report(
                            "shell.sudo",
                            category::PRIVILEGE,
                            Severity::High,
                            span,
                            "sudoedit edits files as root".into(),
                        );
                        for f in argv.get(j..).unwrap_or(&[]).to_vec() {
                            self.touch(&f, Access::Write);
                        }
                        self.record(&argv[i..]);
                        return Output::default();
                    }
                    if j >= argv.len() {
                        let shell = flags.contains('i') || flags.contains('s');
                        let (sev, msg) = if shell {
                            (Severity::High, format!("{name} opens a root shell"))
                        } else {
                            (
                                Severity::Low,
                                format!("{name} without a command (credential check or listing)"),
                            )
                        };
                        self.report(
                            &format!("shell.{name}"),
                            category::PRIVILEGE,
                            sev,
                            span,
                            msg,
                        );
                        self.record(&argv[i..]);
                        return Output::default();
                    }
                    i = j;
                    if elevated {
                        continue;
                    }
                    elevated = true;
                    let target = words::snippet(&argv[j..], 60);
                    self.report(
                        &format!("shell.{name}"),
                        category::PRIVILEGE,
                        Severity::High,
                        span,
                        format!("{name} runs `{target}` with elevated privileges"),
                    );
                }
                "su" => return self.su(&argv[i..], u, span),
                "env" => {
                    let mut k = i + 1;
                    let mut split: Option<Vec<Word>> = None;
                    while k < argv.len() {
                        let a = &argv[k];
                        let t = a.text.as_str();
                        if t == "--" {
                            k += 1;
                            break;
                        }
                        if t == "-" {
                            k += 1;
                            continue;
                        }
                        if a.is_option() {
                            let (opt_s, val): (Option<char>, Option<Word>) =
                                if let Some(long) = t.strip_prefix("--") {
                                    let (lname, lval) = match long.split_once('=') {
                                        Some((n, v)) => (n, Some(v)),
                                        None => (long, None),
                                    };
                                    let c = match lname {
                                        "unset" => Some('u'),
                                        "chdir" => Some('C'),
                                        "split-string" => Some('S'),
                                        _ => None,
                                    };
                                    match (c, lval) {
                                        (Some(c), Some(_)) => {
                                            (Some(c), Some(attached_value(a, lname.len() + 3)))
                                        }
                                        (Some(c), None) => {
                                            k += 1;
                                            (Some(c), argv.get(k).cloned())
                                        }
                                        _ => (None, None),
                                    }
                                } else {
                                    let c = t.chars().nth(1).unwrap_or('-');
                                    if matches!(c, 'u' | 'C' | 'P' | 'S') {
                                        if t.len() > 2 {
                                            (Some(c), Some(attached_value(a, 2)))
                                        } else {
                                            k += 1;
                                            (Some(c), argv.get(k).cloned())
                                        }
                                    } else {
                                        (None, None)
                                    }
                                };
                            if let (Some('S'), Some(v)) = (opt_s, val) {
                                let parts: Vec<Word> = words::split_blanks(&v.text)
                                    .map(|p| Word::synthetic(p, v.span))
                                    .collect();
                                split.get_or_insert_with(Vec::new).extend(parts);
                            }
                            k += 1;
                            continue;
                        }
                        if is_assignment(t) {
                            k += 1;
                            continue;
                        }
                        break;
                    }
                    if let Some(mut parts) = split {
                        // `env -S 'A=1 cmd args' more`: the split words come first.
                        parts.extend(argv.drain(k.min(argv.len())..));
                        let mut k2 = 0;
                        while k2 < parts.len() && is_assignment(&parts[k2].text) {
                            k2 += 1;
                        }
                        argv = parts.split_off(k2);
                        i = 0;
                        if argv.is_empty() {
                            return Output::default();
                        }
                        continue;
                    }
                    if k >= argv.len() {
                        self.report(
                            "shell.env-dump",
                            category::SECRETS_ACCESS,
                            Severity::Medium,
                            span,
                            "`env` without a command prints every environment variable, tokens and keys included".into(),
                        );
                        self.record(&argv[i..]);
                        return Output::default();
                    }
                    i = k;
                }
                "command" => {
                    let mut k = i + 1;
                    while k < argv.len() && argv[k].is_option() {
                        k += 1;
                        if argv[k - 1].text == "--" {
                            break;
                        }
                    }
                    i = k;
                }
                "builtin" | "nohup" | "unbuffer" | "noglob" | "nocorrect" => {
                    i += 1;
                    if argv.get(i).is_some_and(|a| a.text == "--") {
                        i += 1;
                    }
                }
                "exec" => i = opts::first_operand(&argv, i + 1, "a", &[]),
                "time" => i = opts::first_operand(&argv, i + 1, "of", &["output", "format"]),
                "nice" => i = opts::first_operand(&argv, i + 1, "n", &["adjustment"]),
                "ionice" => {
                    i = opts::first_operand(&argv, i + 1, "cnp", &["class", "classdata", "pid"])
                }
                "stdbuf" => {
                    i = opts::first_operand(&argv, i + 1, "ioe", &["input", "output", "error"])
                }
                "setsid" | "caffeinate" => i = opts::first_operand(&argv, i + 1, "tw", &[]),
                "timeout" | "gtimeout" => {
                    // timeout [options] DURATION COMMAND…
                    i = opts::first_operand(&argv, i + 1, "sk", &["signal", "kill-after"]) + 1;
                }
                "chrt" | "taskset" => {
                    let j = opts::first_operand(&argv, i + 1, "", &[]);
                    if argv[i + 1..j.min(argv.len())]
                        .iter()
                        .any(|a| a.text.contains('p'))
                    {
                        return Output::default();
                    }
                    i = j + 1;
                }
                "flock" => {
                    let j = opts::first_operand(
                        &argv,
                        i + 1,
                        "wE",
                        &["timeout", "wait", "conflict-exit-code"],
                    );
                    let j = j + 1;
                    if let Some(c) = argv
                        .get(j)
                        .filter(|a| a.text == "-c" || a.text == "--command")
                    {
                        let _ = c;
                        if let Some(code) = argv.get(j + 1).cloned() {
                            self.code_word(&code, u, span);
                        }
                        return Output::default();
                    }
                    i = j;
                }
                "busybox" | "toybox" => {
                    if argv.get(i + 1).is_none_or(|a| a.is_option()) {
                        self.record(&argv[i..]);
                        return Output::default();
                    }
                    i += 1;
                }
                "xargs" => return self.xargs(&argv[i..], u, input, span),
                "parallel" => return self.parallel(&argv[i..], u, input, span),
                "find" => return self.find(&argv[i..], u, span),
                "eval" => return self.eval(&argv[i..], u, span),
                "source" | "." => return self.source(&argv[i..], u, span),
                "ssh" | "mosh" => return self.ssh(&argv[i..], u, input, span),
                "watch" => return self.watch(&argv[i..], u, span),
                n if is_shell(n) => return self.shell(&argv[i..], u, input, span, outer),
                n => {
                    if let Some(lang) = interp::lang_of(n) {
                        return self.interpreter(&argv[i..], lang, u, input, span, outer);
                    }
                    return self.classify(&argv[i..], u, input);
                }
            }
        }
    }
}
