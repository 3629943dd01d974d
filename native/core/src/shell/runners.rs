//! Commands that run other commands: `xargs`, `parallel`, `watch`, `su`, `ssh host cmd`.

use super::exec::attached_value;
use super::exec::command_key;
use super::opts;
use super::walk::{Analyzer, Input, Output, Unit};
use super::words::{self, SpanMap, Word};
use super::Access;
use crate::finding::category;
use crate::{Severity, Span};

/// `w` with `pat` replaced by `item`; a run-time item makes the word run-time too.
pub(super) fn substitute(w: &Word, pat: &str, item: &Word) -> Word {
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

impl Analyzer {
    /// `su [opts] [-] [user] [-c cmd]`.
    pub(super) fn su(&mut self, argv: &[Word], u: &Unit, span: Span) -> Output {
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

    /// `ssh [opts] host [command…]`: the command runs on the remote host.
    pub(super) fn ssh(&mut self, argv: &[Word], u: &Unit, input: &Input, span: Span) -> Output {
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
    pub(super) fn watch(&mut self, argv: &[Word], u: &Unit, span: Span) -> Output {
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
    pub(super) fn stdin_items(&self, input: &Input, lines: bool, span: Span) -> Vec<Word> {
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
    pub(super) fn xargs(&mut self, argv: &[Word], u: &Unit, input: &Input, span: Span) -> Output {
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
    pub(super) fn run_with_items(
        &mut self,
        cmd: &[Word],
        items: &[Word],
        repl: Option<&str>,
        u: &Unit,
    ) {
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
    pub(super) fn parallel(
        &mut self,
        argv: &[Word],
        u: &Unit,
        input: &Input,
        span: Span,
    ) -> Output {
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
}
