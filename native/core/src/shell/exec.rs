//! From an argv to the command that really runs: wrappers (`sudo`, `env`, `timeout`, …),
//! runners (`xargs`, `parallel`, `find -exec`), and code in strings (`bash -c`, `eval`,
//! interpreters' `-c`/`-e`, `ssh host cmd`).

use std::borrow::Cow;
use std::rc::Rc;

use super::effects::LossKind;
use super::interp::{self, Lang};
use super::opts;
use super::pathclass::{self, Target};
use super::walk::{Analyzer, Input, Output, Unit, MAX_EXEC_DEPTH};
use super::words::{self, SpanMap, Word};
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

fn is_shell(name: &str) -> bool {
    matches!(
        name,
        "sh" | "bash"
            | "zsh"
            | "dash"
            | "ksh"
            | "ash"
            | "mksh"
            | "yash"
            | "fish"
            | "csh"
            | "tcsh"
            | "rbash"
    )
}

/// The value of option `-x` / `--long` as a word: the next word, or the attached rest.
fn attached_value(w: &Word, prefix_len: usize) -> Word {
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
            if i >= argv.len() || rounds > 64 {
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

    /// `su [opts] [-] [user] [-c cmd]`.
    fn su(&mut self, argv: &[Word], u: &Unit, span: Span) -> Output {
        self.record(argv);
        let mut code: Option<Word> = None;
        let mut k = 1;
        while k < argv.len() {
            let a = &argv[k];
            let t = a.text.as_str();
            if t == "-c" || t == "--command" {
                code = argv.get(k + 1).cloned();
                k += 2;
                continue;
            }
            if let Some(rest) = t.strip_prefix("--command=") {
                let _ = rest;
                code = Some(attached_value(a, 10));
            } else if t.starts_with("-c") && t.len() > 2 && !t.starts_with("--") {
                code = Some(attached_value(a, 2));
            } else if matches!(
                t,
                "-s" | "--shell" | "-g" | "--group" | "-G" | "--supp-group" | "-w"
            ) {
                k += 1;
            }
            k += 1;
        }
        let msg = match &code {
            Some(c) => format!("su runs `{}` as another user", words::clip(&c.text, 60)),
            None => "su switches to another user (root by default)".to_owned(),
        };
        self.report("shell.su", category::PRIVILEGE, Severity::High, span, msg);
        if let Some(c) = code {
            self.code_word(&c, u, span);
        }
        Output::default()
    }

    /// Code given as one word (`bash -c WORD`, `su -c WORD`): parse it again.
    pub fn code_word(&mut self, w: &Word, u: &Unit, span: Span) {
        if w.stdin {
            self.report(
                "shell.stdin-code",
                category::DYNAMIC,
                Severity::Medium,
                span,
                "a shell runs code that comes from input data".into(),
            );
        } else if w.fetch {
            self.report(
                "shell.exec-remote-content",
                category::REMOTE_CODE_EXEC,
                Severity::Critical,
                span,
                format!(
                    "runs code downloaded from the network ({})",
                    words::clip(&w.text, 60)
                ),
            );
        } else {
            self.code(&w.text, w.code_map(), u.depth + 1, &Input::default());
        }
    }

    /// Code a shell or interpreter reads from stdin.
    fn stdin_code(&mut self, input: &Input, lang: Option<Lang>, name: &str, u: &Unit, span: Span) {
        if input.decoded && !input.fetch {
            self.report(
                "shell.decoded-code-exec",
                category::REMOTE_CODE_EXEC,
                Severity::Critical,
                span,
                format!("a decoded blob is piped into {name} and executed: code nobody can read in the command"),
            );
        } else if input.fetch {
            self.report(
                "shell.curl-pipe-shell",
                category::REMOTE_CODE_EXEC,
                Severity::Critical,
                span,
                format!("downloaded content is piped into {name} and executed"),
            );
        } else if let Some(lit) = input.literal.clone() {
            match lang {
                None => {
                    self.code(&lit.text, lit.map, u.depth + 1, &Input::default());
                }
                Some(l) => self.scan_code(&lit.text, lit.map, l, u.depth),
            }
        } else if let Some(f) = input.file.clone() {
            self.check_download_exec(&f, span);
        } else if input.piped {
            self.report(
                "shell.stdin-code",
                category::DYNAMIC,
                Severity::Medium,
                span,
                format!("{name} runs code read from a pipe, which cannot be checked statically"),
            );
        }
    }

    pub fn check_download_exec(&mut self, path: &str, span: Span) -> bool {
        let norm = |p: &str| p.trim_start_matches("./").to_owned();
        let p = norm(path);
        if !p.is_empty() && self.downloads.iter().any(|d| norm(d) == p) {
            self.report(
                "shell.download-exec",
                category::REMOTE_CODE_EXEC,
                Severity::High,
                span,
                format!("runs {} right after downloading it", words::clip(path, 60)),
            );
            return true;
        }
        false
    }

    /// A script operand that is a process substitution (`bash <(curl …)`) or a download.
    fn script_operand(&mut self, w: &Word, name: &str, span: Span) {
        if w.procsub {
            if w.fetch {
                self.report(
                    "shell.curl-pipe-shell",
                    category::REMOTE_CODE_EXEC,
                    Severity::Critical,
                    span,
                    format!("{name} runs a script downloaded by a process substitution"),
                );
            } else {
                self.report(
                    "shell.dynamic-code",
                    category::DYNAMIC,
                    Severity::Medium,
                    span,
                    format!(
                        "{name} runs code generated by another command ({})",
                        words::clip(&w.text, 60)
                    ),
                );
            }
        } else if w.fetch {
            self.report(
                "shell.exec-remote-content",
                category::REMOTE_CODE_EXEC,
                Severity::Critical,
                span,
                format!("{name} runs a script named by downloaded content"),
            );
        } else if !self.check_download_exec(&w.text, span) {
            if w.dynamic {
                self.report(
                    "shell.dynamic-command",
                    category::DYNAMIC,
                    Severity::Medium,
                    span,
                    format!(
                        "{name} runs a script whose path is only known at run time ({})",
                        words::clip(&w.text, 60)
                    ),
                );
            }
            self.touch(w, Access::Read);
        }
    }

    /// `sh`, `bash`, `zsh`, …: `-c CODE`, a script, or code on stdin.
    fn shell(&mut self, argv: &[Word], u: &Unit, input: &Input, span: Span, outer: Span) -> Output {
        self.record(argv);
        let name = command_key(&argv[0].text);
        let mut k = 1;
        let (mut c, mut s) = (false, false);
        while k < argv.len() {
            let a = &argv[k];
            let t = a.text.as_str();
            let plus = t.len() > 1 && t.starts_with('+') && !a.stdin;
            if !a.is_option() && !plus {
                break;
            }
            if t == "--" || t == "-" {
                k += 1;
                break;
            }
            if t.starts_with("--") {
                k += if matches!(t, "--rcfile" | "--init-file") {
                    2
                } else {
                    1
                };
                continue;
            }
            let body = &t[1..];
            if !plus {
                c |= body.contains('c');
                s |= body.contains('s');
            }
            k += if body.contains('o') || body.contains('O') {
                2
            } else {
                1
            };
        }
        let operands = argv.get(k..).unwrap_or(&[]);
        if c {
            if let Some(code) = operands.first() {
                self.code_word(code, u, span);
            }
            return Output::default();
        }
        if s || operands.is_empty() {
            self.stdin_code(input, None, &name, u, outer);
            return Output::default();
        }
        self.script_operand(&operands[0], &name, span);
        Output::default()
    }

    /// Python, Perl, Ruby, Node, PHP, Lua, awk, …: inline code, a script, or code on stdin.
    fn interpreter(
        &mut self,
        argv: &[Word],
        lang: Lang,
        u: &Unit,
        input: &Input,
        span: Span,
        outer: Span,
    ) -> Output {
        self.record(argv);
        let name = command_key(&argv[0].text);
        let spec = interp::spec(lang);
        let mut codes: Vec<Word> = Vec::new();
        let mut module: Option<(String, usize)> = None;
        let mut script: Option<usize> = None;
        let mut k = 1;
        // `deno eval CODE`, `deno run SCRIPT`, `bun -e`, …
        if lang == Lang::Deno {
            match argv.get(1).map(|a| a.text.as_str()) {
                Some("eval") => {
                    if let Some(c) = argv.get(opts::first_operand(argv, 2, "", &[])) {
                        codes.push(c.clone());
                    }
                    k = argv.len();
                }
                Some("run") | Some("x") => k = 2,
                _ => return self.classify(argv, u, input),
            }
        }
        'args: while k < argv.len() {
            let a = &argv[k];
            let t = a.text.as_str();
            if !a.is_option() {
                if lang == Lang::Awk && codes.is_empty() && script.is_none() {
                    codes.push(a.clone());
                    k += 1;
                    // The rest are input files.
                    for f in &argv[k..] {
                        if !f.is_option() && !is_assignment(&f.text) {
                            self.touch(f, Access::Read);
                        }
                    }
                    break;
                }
                script = Some(k);
                break;
            }
            if t == "--" {
                if k + 1 < argv.len() && !(lang == Lang::Awk && codes.is_empty()) {
                    script = Some(k + 1);
                } else if lang == Lang::Awk && k + 1 < argv.len() {
                    codes.push(argv[k + 1].clone());
                }
                break;
            }
            if let Some(long) = t.strip_prefix("--") {
                let (lname, lval) = match long.split_once('=') {
                    Some((n, _)) => (n, true),
                    None => (long, false),
                };
                if spec.code_long.contains(&lname) {
                    if lval {
                        codes.push(attached_value(a, lname.len() + 3));
                    } else if let Some(v) = argv.get(k + 1) {
                        codes.push(v.clone());
                        k += 1;
                    }
                } else if spec.val_long.contains(&lname) && !lval {
                    k += 1;
                }
                k += 1;
                continue;
            }
            let body = &t[1..];
            for (pos, ch) in body.char_indices() {
                let rest_at = 1 + pos + ch.len_utf8();
                let attached = rest_at < t.len();
                let value = if attached {
                    Some(attached_value(a, rest_at))
                } else {
                    argv.get(k + 1).cloned()
                };
                let adv = if attached { 1 } else { 2 };
                if spec.code_short.contains(ch) {
                    if lang == Lang::Awk && ch == 'f' {
                        // awk -f progfile: a script, not inline code.
                        if let Some(v) = value {
                            self.script_operand(&v, &name, span);
                        }
                        script = Some(usize::MAX);
                        k += adv;
                        continue 'args;
                    }
                    codes.extend(value);
                    k += adv;
                    if spec.code_ends_options {
                        break 'args;
                    }
                    continue 'args;
                }
                if spec.module_short == Some(ch) {
                    module = value.map(|v| (v.text, k + adv));
                    break 'args;
                }
                if spec.val_short.contains(ch) {
                    k += adv;
                    continue 'args;
                }
            }
            if t == "-" {
                script = Some(k);
                break;
            }
            k += 1;
        }
        if let Some((mname, rest_from)) = module {
            // python -m pip install …
            if mname == "pip" || mname == "pip3" {
                let mut pip = vec![Word::synthetic("pip", span)];
                pip.extend_from_slice(argv.get(rest_from..).unwrap_or(&[]));
                self.package(&pip, span);
            }
            return Output::default();
        }
        if !codes.is_empty() {
            for c in codes {
                self.inline_code(&c, lang, &name, u, span);
            }
            return Output::default();
        }
        match script {
            Some(usize::MAX) => {}
            Some(s) => {
                let w = argv[s].clone();
                if w.is_static()
                    && (w.text.starts_with("http://") || w.text.starts_with("https://"))
                {
                    self.report(
                        "shell.exec-remote-content",
                        category::REMOTE_CODE_EXEC,
                        Severity::Critical,
                        span,
                        format!(
                            "{name} runs a script straight from {}",
                            words::clip(&w.text, 60)
                        ),
                    );
                } else if w.text == "-" {
                    self.stdin_code(input, Some(lang), &name, u, outer);
                } else {
                    self.script_operand(&w, &name, span);
                }
            }
            None => self.stdin_code(input, Some(lang), &name, u, outer),
        }
        Output::default()
    }

    /// Inline interpreter code (`python -c`, `node -e`, an awk program).
    fn inline_code(&mut self, w: &Word, lang: Lang, name: &str, u: &Unit, span: Span) {
        if w.stdin {
            self.report(
                "shell.stdin-code",
                category::DYNAMIC,
                Severity::Medium,
                span,
                format!("{name} runs code that comes from input data"),
            );
            return;
        }
        if w.fetch {
            self.report(
                "shell.exec-remote-content",
                category::REMOTE_CODE_EXEC,
                Severity::Critical,
                span,
                format!("{name} runs code downloaded from the network"),
            );
            return;
        }
        let t = w.text.trim();
        if w.dynamic && t.starts_with('$') && !t.contains(char::is_whitespace) {
            self.report(
                "shell.dynamic-code",
                category::DYNAMIC,
                Severity::Medium,
                span,
                format!(
                    "{name} runs code held in {}, unknown until run time",
                    words::clip(t, 40)
                ),
            );
            return;
        }
        self.scan_code(&w.text, w.code_map(), lang, u.depth);
    }

    /// Looks into interpreter code for shell commands it runs, recursive deletes and
    /// download-and-eval.
    pub fn scan_code(&mut self, code: &str, map: SpanMap, lang: Lang, depth: usize) {
        let whole = map.span(0, code.len());
        for s in interp::shell_strings(code, lang) {
            self.code(&s, SpanMap::Whole(whole), depth + 1, &Input::default());
        }
        for target in interp::recursive_deletes(code) {
            let w = match &target {
                Some(p) => Word::synthetic(p.as_str(), whole),
                None => Word::placeholder("a computed path", whole),
            };
            self.lose(LossKind::Delete, &w, true, "inline code", whole);
        }
        for (target, truncates) in interp::file_deletes(code) {
            let w = match &target {
                Some(p) => Word::synthetic(p.as_str(), whole),
                None => Word::placeholder("a computed path", whole),
            };
            let kind = if truncates {
                LossKind::Truncate
            } else {
                LossKind::Delete
            };
            self.lose(kind, &w, false, "inline code", whole);
        }
        if interp::remote_exec(code) {
            self.report(
                "shell.interpreter-remote-exec",
                category::REMOTE_CODE_EXEC,
                Severity::High,
                whole,
                "inline code downloads content and evaluates it".into(),
            );
        }
    }

    /// `eval ARGS`: the joined arguments are code.
    fn eval(&mut self, argv: &[Word], u: &Unit, span: Span) -> Output {
        self.record(argv);
        let args = &argv[1..];
        if args.is_empty() {
            return Output::default();
        }
        if args.iter().any(|a| a.fetch) {
            self.report(
                "shell.exec-remote-content",
                category::REMOTE_CODE_EXEC,
                Severity::Critical,
                span,
                "eval runs code downloaded from the network".into(),
            );
            return Output::default();
        }
        if let Some(a) = args.iter().find(|a| a.subst && !is_env_setup(&a.text)) {
            self.report(
                "shell.eval-substitution",
                category::REMOTE_CODE_EXEC,
                Severity::High,
                span,
                format!(
                    "eval runs the output of a command ({}): code that exists only at run time",
                    words::clip(&a.text, 60)
                ),
            );
        } else if args.iter().any(|a| !a.is_static()) {
            self.report(
                "shell.eval-dynamic",
                category::DYNAMIC,
                Severity::Medium,
                span,
                format!(
                    "eval runs code that is only known at run time ({})",
                    words::snippet(args, 60)
                ),
            );
        }
        let (text, map) = if args.len() == 1 {
            (args[0].text.clone(), args[0].code_map())
        } else {
            let text = args
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            (text, SpanMap::Whole(words::span_of(args, span)))
        };
        self.code(&text, map, u.depth + 1, &Input::default());
        Output::default()
    }

    /// `source FILE` / `. FILE`.
    fn source(&mut self, argv: &[Word], _u: &Unit, span: Span) -> Output {
        self.record(argv);
        if let Some(f) = argv.get(1) {
            let f = f.clone();
            self.script_operand(&f, "source", span);
        }
        Output::default()
    }

    /// `ssh [opts] host [command…]`: the command runs on the remote host.
    fn ssh(&mut self, argv: &[Word], u: &Unit, input: &Input, span: Span) -> Output {
        self.record(argv);
        let name = command_key(&argv[0].text);
        let j = opts::first_operand(argv, 1, "BbcDEeFIiJLlmOoPpQRSWw", &[]);
        let host = argv.get(j).map(|h| h.text.clone()).unwrap_or_default();
        self.report(
            "shell.remote-shell",
            category::NETWORK_EGRESS,
            Severity::Medium,
            span,
            format!(
                "{name} connects to {}",
                if host.is_empty() {
                    "a remote host".into()
                } else {
                    words::clip(&host, 60)
                }
            ),
        );
        for a in &argv[1..j.min(argv.len())] {
            if a.text.contains('/') || a.text.starts_with('~') {
                self.touch(a, Access::Read);
            }
        }
        let rest = argv.get(j + 1..).unwrap_or(&[]);
        if !rest.is_empty() {
            if rest.iter().any(|a| a.fetch) {
                self.report(
                    "shell.exec-remote-content",
                    category::REMOTE_CODE_EXEC,
                    Severity::Critical,
                    span,
                    "runs downloaded content on a remote host".into(),
                );
            } else {
                self.code_words(rest, span, u);
            }
        }
        // What it reads on stdin goes to the remote command.
        let name = command_key(&argv[0].text).into_owned();
        let secret = self.data_flow(&name, &argv[1..], input, span);
        Output {
            secret,
            ..Output::default()
        }
    }

    /// `watch [opts] command…`: runs the joined words with `sh -c` (or directly with `-x`).
    fn watch(&mut self, argv: &[Word], u: &Unit, span: Span) -> Output {
        let j = opts::first_operand(argv, 1, "nq", &["interval", "differences", "equexit"]);
        let direct = argv[1..j.min(argv.len())]
            .iter()
            .any(|a| a.text == "-x" || a.text == "--exec");
        let rest = argv.get(j..).unwrap_or(&[]).to_vec();
        if rest.is_empty() {
            self.record(argv);
            return Output::default();
        }
        if direct {
            return self.exec(rest, u, &Input::default());
        }
        let text = rest
            .iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let map = if rest.len() == 1 {
            rest[0].code_map()
        } else {
            SpanMap::Whole(words::span_of(&rest, span))
        };
        self.code(&text, map, u.depth + 1, &Input::default());
        Output::default()
    }

    /// Items a runner (`xargs`, `parallel`) reads from stdin: known words if an `echo`/heredoc
    /// feeds it, otherwise one run-time placeholder.
    fn stdin_items(&self, input: &Input, lines: bool, span: Span) -> Vec<Word> {
        let Some(lit) = &input.literal else {
            if let Some(found) = &input.found {
                // `find DIR … | xargs`: the items are what find lists under DIR.
                return vec![Word::synthetic(found.as_ref(), span)];
            }
            return vec![Word::placeholder("<stdin>", span)];
        };
        let items: Vec<Word> = if lines {
            lit.text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| Word::synthetic(l, span))
                .collect()
        } else {
            words::split_blanks(&lit.text)
                .map(|p| Word::synthetic(p.trim_matches(['\'', '"']), span))
                .collect()
        };
        items.into_iter().take(32).collect()
    }

    /// `xargs [opts] [command [args]]`: runs command with stdin items appended or substituted.
    fn xargs(&mut self, argv: &[Word], u: &Unit, input: &Input, span: Span) -> Output {
        let mut k = 1;
        let mut repl: Option<String> = None;
        let mut lines = false;
        let mut from_file = false;
        while k < argv.len() {
            let a = &argv[k];
            let t = a.text.as_str();
            if !a.is_option() {
                break;
            }
            if t == "--" {
                k += 1;
                break;
            }
            if let Some(long) = t.strip_prefix("--") {
                let (n, v) = match long.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (long, None),
                };
                match n {
                    "replace" => {
                        repl = Some(v.filter(|v| !v.is_empty()).unwrap_or("{}").to_owned());
                        lines = true;
                    }
                    "arg-file" => {
                        from_file = true;
                        if v.is_none() {
                            k += 1;
                        }
                    }
                    "delimiter" | "null" | "max-lines" => {
                        lines = true;
                        if v.is_none() && n == "delimiter" {
                            k += 1;
                        }
                    }
                    "eof" | "max-args" | "max-procs" | "max-chars" | "process-slot-var"
                        if v.is_none() =>
                    {
                        k += 1;
                    }
                    _ => {}
                }
                k += 1;
                continue;
            }
            let body = &t[1..];
            let mut adv = 1;
            for (pos, ch) in body.char_indices() {
                let rest = &body[pos + ch.len_utf8()..];
                match ch {
                    'I' | 'J' => {
                        lines = true;
                        if rest.is_empty() {
                            repl = argv.get(k + 1).map(|v| v.text.clone());
                            adv = 2;
                        } else {
                            repl = Some(rest.to_owned());
                        }
                        break;
                    }
                    'i' => {
                        lines = true;
                        repl = Some(if rest.is_empty() {
                            "{}".to_owned()
                        } else {
                            rest.to_owned()
                        });
                        break;
                    }
                    'a' | 'd' | 'E' | 'L' | 'n' | 'P' | 's' | 'R' | 'S' => {
                        if ch == 'a' {
                            from_file = true;
                        }
                        if matches!(ch, 'd' | 'L') {
                            lines = true;
                        }
                        if rest.is_empty() {
                            adv = 2;
                        }
                        break;
                    }
                    '0' | 'l' => lines = true,
                    _ => {}
                }
            }
            k += adv;
        }
        let cmd = argv.get(k..).unwrap_or(&[]);
        if cmd.is_empty() {
            // Default command: echo.
            self.record(argv);
            return Output::default();
        }
        let items = if from_file {
            vec![Word::placeholder("<file>", span)]
        } else {
            self.stdin_items(input, lines, span)
        };
        self.run_with_items(cmd, &items, repl.as_deref(), u);
        Output::default()
    }

    /// Runs `cmd` once per item (with `repl` substituted) or once with all items appended.
    fn run_with_items(&mut self, cmd: &[Word], items: &[Word], repl: Option<&str>, u: &Unit) {
        match repl {
            Some(r) if !r.is_empty() => {
                for item in items {
                    let argv: Vec<Word> = cmd.iter().map(|w| substitute(w, r, item)).collect();
                    self.exec(argv, u, &Input::default());
                }
            }
            _ => {
                let mut argv = cmd.to_vec();
                argv.extend(items.iter().cloned());
                self.exec(argv, u, &Input::default());
            }
        }
    }

    /// GNU `parallel [opts] [command] [::: args…]`.
    fn parallel(&mut self, argv: &[Word], u: &Unit, input: &Input, span: Span) -> Output {
        let val_short = "jPSadEInNCsXy";
        let val_long = [
            "jobs",
            "max-procs",
            "sshlogin",
            "sshloginfile",
            "slf",
            "arg-file",
            "delimiter",
            "eof",
            "max-args",
            "colsep",
            "results",
            "res",
            "joblog",
            "timeout",
            "tmpdir",
            "workdir",
            "wd",
            "retries",
            "halt",
            "delay",
            "memfree",
            "load",
            "env",
            "tagstring",
            "basefile",
            "bf",
            "return",
            "transferfile",
            "tf",
            "max-replace-args",
            "replace",
            "shebang-wrap",
        ];
        let seps = [":::", "::::", ":::+", "::::+"];
        let mut k = 1;
        let mut repl: Option<String> = None;
        while k < argv.len() {
            let a = &argv[k];
            let t = a.text.as_str();
            if seps.contains(&t) || !a.is_option() {
                break;
            }
            if t == "--" {
                k += 1;
                break;
            }
            if let Some(long) = t.strip_prefix("--") {
                if !long.contains('=') && val_long.contains(&long) {
                    k += 1;
                }
                k += 1;
                continue;
            }
            let c = t.chars().nth(1).unwrap_or('-');
            if c == 'I' {
                repl = if t.len() > 2 {
                    Some(t[2..].to_owned())
                } else {
                    argv.get(k + 1).map(|v| v.text.clone())
                };
            }
            k += if val_short.contains(c) && t.len() == 2 {
                2
            } else {
                1
            };
        }
        let mut cmd_end = k.min(argv.len());
        while cmd_end < argv.len() && !seps.contains(&argv[cmd_end].text.as_str()) {
            cmd_end += 1;
        }
        let cmd = argv[k.min(argv.len())..cmd_end].to_vec();
        let mut items: Vec<Word> = Vec::new();
        let mut m = cmd_end;
        let mut from_file = false;
        while m < argv.len() {
            let t = argv[m].text.as_str();
            if seps.contains(&t) {
                from_file |= t.starts_with("::::");
            } else if from_file {
                items.push(Word::placeholder("<file>", argv[m].span));
            } else {
                items.push(argv[m].clone());
            }
            m += 1;
        }
        if cmd_end >= argv.len() {
            items = self.stdin_items(input, true, span);
        }
        items.truncate(32);
        if cmd.is_empty() {
            // Each item is a command line.
            self.record(argv);
            for item in items {
                self.code_word(&item, u, item.span);
            }
            return Output::default();
        }
        let r = repl.unwrap_or_else(|| "{}".to_owned());
        let uses_repl = cmd.iter().any(|w| w.text.contains(&r));
        self.run_with_items(&cmd, &items, uses_repl.then_some(r.as_str()), u);
        Output::default()
    }

    /// `find PATHS EXPR`: `-delete`, and `-exec`/`-execdir`/`-ok` commands.
    fn find(&mut self, argv: &[Word], u: &Unit, span: Span) -> Output {
        self.record(argv);
        let mut k = 1;
        // Leading options -H -L -P -D x -Ox.
        while k < argv.len() {
            let t = argv[k].text.as_str();
            if matches!(t, "-H" | "-L" | "-P") || t.starts_with("-O") {
                k += 1;
            } else if t == "-D" {
                k += 2;
            } else {
                break;
            }
        }
        let mut starts: Vec<Word> = Vec::new();
        while k < argv.len() {
            let w = &argv[k];
            let t = w.text.as_str();
            if w.is_static() && (t.starts_with('-') || t == "(" || t == "!" || t == ")") {
                break;
            }
            starts.push(w.clone());
            k += 1;
        }
        let start_targets: Vec<Target> = if starts.is_empty() {
            vec![Target::Cwd]
        } else {
            starts
                .iter()
                .map(|s| pathclass::classify(s, &self.vars, &self.ctx))
                .collect()
        };
        let all_temp = start_targets.iter().all(|t| *t == Target::Temp);
        let worst = start_targets
            .iter()
            .copied()
            .find(|t| t.is_system())
            .unwrap_or(Target::Other);
        let mut delete = false;
        let one_value = [
            "-name",
            "-iname",
            "-path",
            "-ipath",
            "-wholename",
            "-iwholename",
            "-regex",
            "-iregex",
            "-type",
            "-xtype",
            "-perm",
            "-user",
            "-group",
            "-uid",
            "-gid",
            "-size",
            "-mtime",
            "-mmin",
            "-atime",
            "-amin",
            "-ctime",
            "-cmin",
            "-newer",
            "-anewer",
            "-cnewer",
            "-maxdepth",
            "-mindepth",
            "-links",
            "-inum",
            "-samefile",
            "-used",
            "-fstype",
            "-printf",
            "-fprint",
            "-fprint0",
            "-fls",
            "-context",
            "-lname",
            "-ilname",
            "-regextype",
            "-files0-from",
        ];
        let mut name_filter: Option<String> = None;
        while k < argv.len() {
            let t = argv[k].text.clone();
            if matches!(t.as_str(), "-name" | "-iname") && name_filter.is_none() {
                name_filter = argv.get(k + 1).map(|w| w.text.clone());
            }
            if one_value.contains(&t.as_str()) || t.starts_with("-newer") {
                k += 2;
                continue;
            }
            if t == "-fprintf" {
                k += 3;
                continue;
            }
            if t == "-delete" {
                delete = true;
                k += 1;
                continue;
            }
            if matches!(t.as_str(), "-exec" | "-execdir" | "-ok" | "-okdir") {
                let mut e = k + 1;
                while e < argv.len()
                    && argv[e].text != ";"
                    && !(argv[e].text == "+" && argv[e - 1].text.contains("{}"))
                {
                    e += 1;
                }
                // What it finds: every match under the first start (narrowed by -name).
                let found = match (starts.first(), &name_filter) {
                    (Some(s), _) if !s.is_static() => Word::placeholder("{}", argv[k].span),
                    (start, filter) => Word::synthetic(
                        format!(
                            "{}/**/{}",
                            start.map_or(".", |s| s.text.trim_end_matches('/')),
                            filter.as_deref().unwrap_or("*")
                        ),
                        argv[k].span,
                    ),
                };
                let runs_found = argv.get(k + 1).is_some_and(|w| w.text.contains("{}"));
                let found = if runs_found {
                    Word::placeholder("{}", argv[k].span)
                } else {
                    found
                };
                let _ = all_temp;
                let cmd: Vec<Word> = argv[k + 1..e.min(argv.len())]
                    .iter()
                    .map(|w| substitute(w, "{}", &found))
                    .collect();
                if !cmd.is_empty() {
                    self.exec(cmd, u, &Input::default());
                }
                k = e + 1;
                continue;
            }
            k += 1;
        }
        for s in &starts {
            self.touch(s, if delete { Access::Write } else { Access::Read });
        }
        // What it prints: every match under its first start (for `| xargs rm`).
        let found = match (starts.first(), &name_filter) {
            (Some(s), _) if !s.is_static() => None,
            (start, filter) => Some(Rc::from(format!(
                "{}/**/{}",
                start.map_or(".", |s| s.text.trim_end_matches('/')),
                filter.as_deref().unwrap_or("*")
            ))),
        };
        if delete {
            let starts = if starts.is_empty() {
                vec![Word::synthetic(".", span)]
            } else {
                starts
            };
            for s in &starts {
                let target = match &name_filter {
                    Some(f) if s.is_static() => {
                        Word::synthetic(format!("{}/**/{f}", s.text.trim_end_matches('/')), s.span)
                    }
                    _ => s.clone(),
                };
                self.lose(LossKind::Delete, &target, true, "find -delete", span);
            }
        }
        let _ = worst;
        Output {
            found,
            ..Output::default()
        }
    }
}

/// `eval "$(tool …)"` of the well-known shell set-up generators (agents, version managers),
/// whose output is environment variables, not arbitrary code.
fn is_env_setup(text: &str) -> bool {
    let inner = text
        .trim_start_matches('"')
        .trim_start_matches("$(")
        .trim_start_matches('`');
    let prog = inner.split_whitespace().next().unwrap_or("");
    matches!(
        prog,
        "ssh-agent"
            | "gpg-agent"
            | "direnv"
            | "pyenv"
            | "rbenv"
            | "nodenv"
            | "goenv"
            | "jenv"
            | "fnm"
            | "mise"
            | "rtx"
            | "zoxide"
            | "starship"
            | "dircolors"
            | "opam"
            | "keychain"
            | "thefuck"
    ) || inner.starts_with("brew shellenv")
        || inner.starts_with("/opt/homebrew/bin/brew shellenv")
        || inner.starts_with("conda shell")
}

/// `w` with `pat` replaced by `item`; a run-time item makes the word run-time too.
fn substitute(w: &Word, pat: &str, item: &Word) -> Word {
    if !w.text.contains(pat) {
        return w.clone();
    }
    let mut out = w.clone();
    out.text = w.text.replace(pat, &item.text);
    out.code_map = None;
    if item.stdin {
        out.stdin = true;
        out.dynamic = true;
    }
    if out.text == item.text {
        out.code_map = item.code_map;
    }
    out
}
