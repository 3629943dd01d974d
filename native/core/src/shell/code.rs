//! Code and where it comes from: shells and interpreters given code in a string, a file or on
//! stdin, `eval`, `source`; a download, a decoded blob or a command's output run as code.

use super::effects::LossKind;
use super::exec::command_key;
use super::exec::{attached_value, is_assignment};
use super::interp::{self, Lang};
use super::opts;
use super::walk::{Analyzer, Input, Output, Unit};
use super::words::{self, SpanMap, Word};
use super::Access;
use crate::finding::category;
use crate::{Severity, Span};

pub(super) fn is_shell(name: &str) -> bool {
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

/// A decoder that turns an unreadable blob into bytes (`base64 -d`, `xxd -r`).
pub(super) fn decodes(name: &str, args: &[Word]) -> bool {
    let has = |flags: &[&str]| {
        args.iter().any(|a| {
            flags.contains(&a.text.as_str())
                || (a.text.starts_with('-')
                    && !a.text.starts_with("--")
                    && flags
                        .iter()
                        .any(|f| f.len() == 2 && a.text[1..].contains(&f[1..])))
        })
    };
    match name {
        "base64" | "basenc" | "base32" => has(&["-d", "-D", "--decode"]),
        "xxd" => has(&["-r", "-revert"]),
        "uudecode" => true,
        "openssl" => args
            .iter()
            .any(|a| a.text == "-d" || a.text == "-base64" && args.iter().any(|b| b.text == "-d")),
        _ => false,
    }
}

/// Filters whose output is their input transformed (a decoded blob stays one through them).
pub(super) fn passes_stdin_through(name: &str) -> bool {
    matches!(
        name,
        "gunzip"
            | "gzip"
            | "zcat"
            | "bunzip2"
            | "bzip2"
            | "xz"
            | "unxz"
            | "zstd"
            | "tr"
            | "rev"
            | "cat"
            | "tac"
            | "sed"
            | "awk"
            | "head"
            | "tail"
            | "tee"
            | "base64"
            | "xxd"
            | "openssl"
    )
}

/// `eval "$(tool …)"` of the well-known shell set-up generators (agents, version managers),
/// whose output is environment variables, not arbitrary code.
pub(super) fn is_env_setup(text: &str) -> bool {
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

impl Analyzer {
    /// Code given as one word (`bash -c WORD`, `su -c WORD`): parse it again.
    pub(super) fn code_word(&mut self, w: &Word, u: &Unit, span: Span) {
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
    pub(super) fn stdin_code(
        &mut self,
        input: &Input,
        lang: Option<Lang>,
        name: &str,
        u: &Unit,
        span: Span,
    ) {
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

    pub(super) fn check_download_exec(&mut self, path: &str, span: Span) -> bool {
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
    pub(super) fn script_operand(&mut self, w: &Word, name: &str, span: Span) {
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
    pub(super) fn shell(
        &mut self,
        argv: &[Word],
        u: &Unit,
        input: &Input,
        span: Span,
        outer: Span,
    ) -> Output {
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
    pub(super) fn interpreter(
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
    pub(super) fn inline_code(&mut self, w: &Word, lang: Lang, name: &str, u: &Unit, span: Span) {
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
    pub(super) fn scan_code(&mut self, code: &str, map: SpanMap, lang: Lang, depth: usize) {
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
    pub(super) fn eval(&mut self, argv: &[Word], u: &Unit, span: Span) -> Output {
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
    pub(super) fn source(&mut self, argv: &[Word], _u: &Unit, span: Span) -> Output {
        self.record(argv);
        if let Some(f) = argv.get(1) {
            let f = f.clone();
            self.script_operand(&f, "source", span);
        }
        Output::default()
    }
}
