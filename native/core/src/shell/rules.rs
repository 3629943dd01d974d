//! Classification of one resolved command (after unwrapping) into findings.

use std::rc::Rc;

use super::code::{decodes, passes_stdin_through};
use super::effects::LossKind;
use super::exec::command_key;
use super::fetch::is_fetcher;
use super::opts;
use super::pathclass::{self};
use super::walk::{Analyzer, Input, Literal, Output, Unit};
use super::words::{self, SpanMap, Word};
use super::Access;
use crate::finding::category;
use crate::{Severity, Span};

fn path_like(w: &Word) -> bool {
    let t = w.text.as_str();
    !w.stdin
        && !t.is_empty()
        && !t.starts_with('-')
        && !t.contains(char::is_whitespace)
        && !t.contains("://")
        && !t.contains('=')
        && (t.contains('/') || t.starts_with('~') || t.starts_with('.'))
}

enum Mode {
    Write,
    Read,
    /// cp/install/ln: the last operand is written, the others read.
    LastWrite,
    PathLike,
    Skip,
}

impl Analyzer {
    /// Findings for one command that runs, its paths, and what it writes to stdout.
    pub fn classify(&mut self, argv: &[Word], u: &Unit, input: &Input) -> Output {
        if let Some(out) = self.call_definition(argv, u, input) {
            return out;
        }
        let name = command_key(&argv[0].text);
        let args = &argv[1..];
        let span = words::span_of(argv, argv[0].span);
        self.record(argv);
        self.touch_args(&name, args);
        if argv[0].text.contains('/') {
            self.check_download_exec(&argv[0].text, span);
        }
        let mut out = Output::default();
        match &*name {
            "cd" | "pushd" => self.change_dir(args),
            "alias" => self.define_aliases(args),
            // `trap CODE SIGNAL…`: the code runs when the signal (or EXIT) comes.
            "trap" => {
                if let Some(code) = args
                    .iter()
                    .find(|a| !a.is_option())
                    .filter(|a| a.text != "-")
                {
                    let code = code.clone();
                    self.code_words(&[code], span, u);
                }
            }
            "rm" | "unlink" => self.rm(args, span),
            "cp" | "install" => self.copy_over(&name, args, span),
            "tee" if !args.iter().any(|a| a.text == "-a" || a.text == "--append") => {
                for w in args.iter().filter(|a| !a.is_option()) {
                    self.lose(LossKind::Overwrite, w, false, "tee", span);
                }
            }
            "dd" => {
                for a in args {
                    if let Some(of) = a.text.strip_prefix("of=") {
                        let w = Word {
                            text: of.to_owned(),
                            ..a.clone()
                        };
                        self.lose(LossKind::Overwrite, &w, false, "dd of=", span);
                    }
                }
            }
            "base64" | "basenc" | "base32" | "uudecode" | "xxd" | "openssl"
                if decodes(&name, args) =>
            {
                out.decoded = true;
            }
            "shred" | "srm" | "wipe" => self.shred(&name, args, span),
            "truncate" => self.truncate(args, span),
            "chmod" | "chown" | "chgrp" => self.perms(&name, args, span),
            "mv" => self.mv(args, span),
            "git" => self.git(args, span, u),
            n if is_fetcher(n) => {
                self.fetcher(n, args, span);
                self.fetches += 1;
                out.fetch = true;
            }
            "nc" | "ncat" | "netcat" | "socat" | "telnet" => self.report(
                "shell.raw-socket",
                category::NETWORK_EGRESS,
                Severity::Medium,
                span,
                format!("{name} opens a raw network connection"),
            ),
            "scp" | "sftp" | "ftp" | "lftp" | "tftp" => self.report(
                "shell.remote-copy",
                category::NETWORK_EGRESS,
                Severity::Medium,
                span,
                format!("{name} copies files to or from another host"),
            ),
            "rsync" => {
                let p = opts::parse(
                    args,
                    "eBfT",
                    &[
                        "rsh",
                        "rsync-path",
                        "filter",
                        "exclude",
                        "include",
                        "temp-dir",
                    ],
                );
                let remote = p.value("e").is_some()
                    || p.value("rsh").is_some()
                    || p.all_operands().any(|i| {
                        let t = &args[i].text;
                        t.starts_with("rsync://")
                            || t.split_once(':')
                                .is_some_and(|(h, _)| !h.is_empty() && !h.contains('/'))
                    });
                if remote {
                    self.report(
                        "shell.remote-copy",
                        category::NETWORK_EGRESS,
                        Severity::Medium,
                        span,
                        "rsync copies files to or from another host".into(),
                    );
                }
                let deletes = p
                    .longs
                    .iter()
                    .any(|l| l.starts_with("delete") || l == "remove-source-files");
                let ops: Vec<usize> = p.all_operands().collect();
                if deletes && ops.len() >= 2 {
                    if let Some(&last) = ops.last() {
                        let dest = args[last].clone();
                        self.lose(LossKind::Delete, &dest, true, "rsync --delete", span);
                    }
                }
            }
            "printenv" => {
                let ops: Vec<&Word> = args.iter().filter(|a| !a.is_option()).collect();
                if ops.is_empty() {
                    self.report(
                        "shell.env-dump",
                        category::SECRETS_ACCESS,
                        Severity::Medium,
                        span,
                        "printenv prints every environment variable, tokens and keys included"
                            .into(),
                    );
                } else if let Some(v) = ops.iter().find(|v| pathclass::is_secret_var(&v.text)) {
                    self.report(
                        "shell.secret-var-print",
                        category::SECRETS_ACCESS,
                        Severity::Medium,
                        span,
                        format!(
                            "prints the secret-looking variable {}",
                            words::clip(&v.text, 40)
                        ),
                    );
                }
            }
            "read" | "mapfile" | "readarray" | "getopts" | "printf"
                if name != "printf" || args.iter().any(|a| a.text == "-v") =>
            {
                // Variables filled at run time.
                let mut prev_v = false;
                for a in args {
                    if name == "printf" {
                        if prev_v {
                            self.set_var(&a.text, pathclass::VarVal::Unknown);
                        }
                        prev_v = a.text == "-v";
                    } else if !a.is_option() && a.is_static() {
                        self.set_var(&a.text, pathclass::VarVal::Unknown);
                    }
                }
            }
            "set" if args.is_empty() => self.report(
                "shell.env-dump",
                category::SECRETS_ACCESS,
                Severity::Low,
                span,
                "`set` without arguments prints every shell variable".into(),
            ),
            "echo" | "printf" => {
                out.literal = self.printed(&name, args, span);
                for a in args.iter().filter(|a| a.dynamic && !a.stdin) {
                    if let Some(v) =
                        pathclass::var_refs(&a.text).find(|v| pathclass::is_secret_var(v))
                    {
                        let msg = format!("prints the secret-looking variable ${v}");
                        self.report(
                            "shell.secret-var-print",
                            category::SECRETS_ACCESS,
                            Severity::Medium,
                            a.span,
                            msg,
                        );
                    }
                }
            }
            "cat" => {
                if args.iter().all(|a| a.is_option() || a.text == "-") {
                    out.literal = input.literal.clone();
                }
                // `curl -o f …; cat f | sh`
                let norm = |p: &str| p.trim_start_matches("./").to_owned();
                out.fetch = args.iter().any(|a| {
                    !a.is_option() && self.downloads.iter().any(|d| norm(d) == norm(&a.text))
                });
            }
            "gpg" | "gpg2" => {
                let p = opts::parse(args, "", &[]);
                if p.long("export-secret-keys") || p.long("export-secret-subkeys") {
                    self.report(
                        "shell.secret-key-export",
                        category::SECRETS_ACCESS,
                        Severity::High,
                        span,
                        "gpg exports secret keys".into(),
                    );
                }
            }
            "security" | "gh" | "pass" | "op" | "vault" | "aws" | "gcloud" | "az" | "kubectl" => {
                self.secret_cli(&name, args, span)
            }
            "visudo" => self.report(
                "shell.sudoers-edit",
                category::PRIVILEGE,
                Severity::High,
                span,
                "visudo edits who may use sudo".into(),
            ),
            "usermod" | "gpasswd" | "adduser" | "addgroup" => {
                let admin = ["sudo", "wheel", "admin", "root", "docker", "adm"];
                let groups: Vec<String> = match &*name {
                    "usermod" => {
                        let p =
                            opts::parse(args, "GgdcsuelLp", &["groups", "gid", "home", "shell"]);
                        p.value("G")
                            .or(p.value("groups"))
                            .map(|g| g.split(',').map(str::to_owned).collect())
                            .unwrap_or_default()
                    }
                    "gpasswd" => {
                        let p = opts::parse(
                            args,
                            "adMA",
                            &["add", "delete", "members", "administrators"],
                        );
                        if p.value("a").or(p.value("add")).is_some() {
                            p.operands
                                .first()
                                .map(|&i| vec![args[i].text.clone()])
                                .unwrap_or_default()
                        } else {
                            Vec::new()
                        }
                    }
                    _ => {
                        let p = opts::parse(args, "", &[]);
                        if p.operands.len() == 2 {
                            vec![args[p.operands[1]].text.clone()]
                        } else {
                            Vec::new()
                        }
                    }
                };
                if groups.iter().any(|g| admin.contains(&g.as_str())) {
                    self.report(
                        "shell.admin-group",
                        category::PRIVILEGE,
                        Severity::High,
                        span,
                        format!("{name} adds a user to an administrative group"),
                    );
                }
            }
            "setcap" => self.report(
                "shell.setcap",
                category::PRIVILEGE,
                Severity::High,
                span,
                "setcap grants a program kernel capabilities".into(),
            ),
            "passwd" | "chpasswd" => self.report(
                "shell.password-change",
                category::PRIVILEGE,
                Severity::Medium,
                span,
                format!("{name} changes account passwords"),
            ),
            n if n.starts_with("mkfs")
                || n.starts_with("newfs")
                || matches!(
                    n,
                    "mke2fs"
                        | "mkswap"
                        | "wipefs"
                        | "blkdiscard"
                        | "fdisk"
                        | "sfdisk"
                        | "cfdisk"
                        | "parted"
                        | "sgdisk"
                        | "gdisk"
                        | "diskutil"
                        | "zpool"
                        | "zfs"
                ) =>
            {
                self.disk(n, args, span)
            }
            _ => self.package(argv, span),
        }
        let carried = self.data_flow(&name, args, input, span);
        if out.secret.is_none() {
            out.secret = carried;
        }
        if !out.decoded && input.decoded && passes_stdin_through(&name) {
            out.decoded = true;
        }
        out
    }

    /// What `echo`/`printf` print, when known.
    fn printed(&self, name: &str, args: &[Word], span: Span) -> Option<Rc<Literal>> {
        let mut i = 0;
        if name == "echo" {
            while i < args.len()
                && args[i].is_option()
                && args[i].text[1..]
                    .chars()
                    .all(|c| matches!(c, 'n' | 'e' | 'E'))
            {
                i += 1;
            }
        }
        let rest = &args[i..];
        if rest.is_empty() {
            return Some(Rc::new(Literal {
                text: "\n".into(),
                map: SpanMap::Whole(span),
            }));
        }
        let (text, map) = if name == "echo" {
            let text = rest
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let map = if rest.len() == 1 {
                rest[0].code_map()
            } else {
                SpanMap::Whole(words::span_of(rest, span))
            };
            (text + "\n", map)
        } else if rest.len() == 1 && !rest[0].text.contains('%') {
            let t = &rest[0].text;
            if t.contains('\\') {
                let v = t
                    .replace("\\n", "\n")
                    .replace("\\t", "\t")
                    .replace("\\\\", "\\");
                (v, SpanMap::Whole(rest[0].span))
            } else {
                (t.clone(), rest[0].code_map())
            }
        } else if rest.len() >= 2 && matches!(rest[0].text.as_str(), "%s" | "%s\\n" | "%s\n") {
            let text = rest[1..]
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            (text, SpanMap::Whole(words::span_of(&rest[1..], span)))
        } else {
            return None;
        };
        Some(Rc::new(Literal { text, map }))
    }

    /// Paths named by arguments, with how the command uses them.
    fn touch_args(&mut self, name: &str, args: &[Word]) {
        let (mode, sv, mut skip): (Mode, &str, usize) = match name {
            "rm" | "rmdir" | "unlink" | "touch" | "tee" => (Mode::Write, "", 0),
            "shred" | "srm" => (Mode::Write, "ns", 0),
            "mkdir" => (Mode::Write, "m", 0),
            "truncate" => (Mode::Write, "sr", 0),
            "mv" => (Mode::Write, "tS", 0),
            "chmod" | "chown" | "chgrp" => (Mode::Write, "", 1),
            "cp" | "install" | "ln" => (Mode::LastWrite, "tSmog", 0),
            "cat" | "tac" | "less" | "more" | "nl" | "wc" | "uniq" | "paste" | "diff" | "cmp"
            | "comm" | "strings" | "xxd" | "hexdump" | "od" | "base64" | "md5sum" | "sha1sum"
            | "sha256sum" | "sha512sum" | "shasum" | "stat" | "file" | "bat" | "zcat" | "bzcat"
            | "xzcat" | "column" | "iconv" | "fold" | "fmt" | "source" | "." => (Mode::Read, "", 0),
            "head" | "tail" => (Mode::Read, "nc", 0),
            "sort" => (Mode::Read, "kotS", 0),
            "cut" => (Mode::Read, "dfbc", 0),
            "grep" | "egrep" | "fgrep" | "zgrep" => (Mode::Read, "efmABCdD", 1),
            "rg" => (Mode::Read, "efgmABCtTjM", 1),
            "ag" | "ack" => (Mode::Read, "GmABC", 1),
            "jq" | "yq" => (Mode::Read, "", 1),
            "sed" => (Mode::Read, "ef", 1),
            "dd" => {
                for a in args {
                    let (path, access) =
                        match (a.text.strip_prefix("if="), a.text.strip_prefix("of=")) {
                            (Some(p), _) => (p, Access::Read),
                            (_, Some(p)) => (p, Access::Write),
                            _ => continue,
                        };
                    let mut w = Word {
                        text: path.to_owned(),
                        ..a.clone()
                    };
                    if a.code_map.is_some_and(|m| matches!(m, SpanMap::Offset(_))) {
                        w.span.start += 3;
                    }
                    self.touch(&w, access);
                }
                return;
            }
            "echo" | "printf" | "test" | "[" | "[[" | ":" | "true" | "false" | "exit"
            | "return" | "export" | "git" => (Mode::Skip, "", 0),
            _ => (Mode::PathLike, "", 0),
        };
        if matches!(mode, Mode::Skip) {
            return;
        }
        let p = opts::parse(
            args,
            sv,
            &[
                "regexp",
                "file",
                "expression",
                "reference",
                "target-directory",
                "from",
            ],
        );
        let mut mode = mode;
        if matches!(
            name,
            "grep" | "egrep" | "fgrep" | "zgrep" | "rg" | "ag" | "ack" | "sed"
        ) && (p.value("e").is_some()
            || p.value("f").is_some()
            || p.value("regexp").is_some()
            || p.value("expression").is_some())
        {
            skip = 0;
        }
        if name == "sed" && (p.short('i') || p.long("in-place")) {
            mode = Mode::Write;
        }
        if matches!(name, "chmod" | "chown" | "chgrp") && p.value("reference").is_some() {
            skip = 0;
        }
        let ops: Vec<usize> = p.all_operands().collect();
        let n_ops = ops.len();
        for (n, idx) in ops.into_iter().enumerate() {
            if n < skip {
                continue;
            }
            let w = &args[idx];
            if w.text.contains("://") {
                continue;
            }
            let access = match mode {
                Mode::Write => Access::Write,
                Mode::Read => Access::Read,
                Mode::LastWrite => {
                    if n + 1 == n_ops && n_ops > 1 && p.value("t").is_none() {
                        Access::Write
                    } else {
                        Access::Read
                    }
                }
                Mode::PathLike if path_like(w) => Access::Unknown,
                _ => continue,
            };
            let w = w.clone();
            self.touch(&w, access);
        }
        if let Some(t) = p.value("t").or(p.value("target-directory")) {
            if matches!(name, "cp" | "mv" | "install" | "ln") {
                let w = Word::synthetic(t, args.first().map(|a| a.span).unwrap_or_default());
                self.touch(&w, Access::Write);
            }
        }
    }

    /// Code given as several words (joined by spaces, as `sh -c "$*"` would).
    pub(super) fn code_words(&mut self, ws: &[Word], span: Span, u: &Unit) {
        match ws {
            [] => {}
            [one] => {
                let one = one.clone();
                self.code(&one.text, one.code_map(), u.depth + 1, &Input::default());
            }
            _ => {
                let text = ws
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                self.code(
                    &text,
                    SpanMap::Whole(words::span_of(ws, span)),
                    u.depth + 1,
                    &Input::default(),
                );
            }
        }
    }
}
