//! Classification of one resolved command (after unwrapping) into findings.

use std::rc::Rc;

use super::effects::{GitDiscard, LossKind};
use super::exec::command_key;
use super::opts;
use super::pathclass::{self, Target};
use super::walk::{Analyzer, Input, Literal, Output, Unit};
use super::words::{self, SpanMap, Word};
use super::Access;
use crate::finding::category;
use crate::{Severity, Span};

/// Commands that download from the network (and can feed a shell).
fn is_fetcher(name: &str) -> bool {
    matches!(
        name,
        "curl"
            | "wget"
            | "fetch"
            | "http"
            | "https"
            | "xh"
            | "aria2c"
            | "axel"
            | "lwp-download"
            | "lwp-request"
    )
}

/// Package managers and package runners [`Analyzer::package`] knows.
fn is_package_tool(name: &str) -> bool {
    let pip = name.starts_with("pip") && name[3..].chars().all(|c| c.is_ascii_digit() || c == '.');
    pip || matches!(
        name,
        "npm"
            | "cnpm"
            | "pnpm"
            | "yarn"
            | "bun"
            | "npx"
            | "pnpx"
            | "bunx"
            | "uvx"
            | "pipx"
            | "uv"
            | "poetry"
            | "pdm"
            | "rye"
            | "conda"
            | "mamba"
            | "micromamba"
            | "cargo"
            | "gem"
            | "bundle"
            | "bundler"
            | "go"
            | "apt"
            | "apt-get"
            | "aptitude"
            | "yum"
            | "dnf"
            | "microdnf"
            | "zypper"
            | "port"
            | "snap"
            | "flatpak"
            | "brew"
            | "luarocks"
            | "opam"
            | "apk"
            | "pacman"
            | "yay"
            | "paru"
            | "nix-env"
            | "nix"
            | "composer"
            | "dotnet"
            | "deno"
            | "cpan"
            | "cpanm"
            | "code"
            | "cursor"
            | "codium"
    )
}

fn describe(t: Target) -> &'static str {
    match t {
        Target::Root => "the whole file system",
        Target::Home => "a home directory",
        Target::System => "a top-level system directory",
        Target::Cwd => "the working directory",
        Target::Parent => "the parent directory",
        Target::Temp => "a temporary directory",
        Target::Other => "",
    }
}

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

fn is_setuid_mode(mode: &str) -> bool {
    if !mode.is_empty() && mode.chars().all(|c| c.is_digit(8)) {
        if mode.len() < 4 {
            return false;
        }
        let special = mode.as_bytes()[mode.len() - 4];
        return matches!(special, b'2'..=b'7');
    }
    mode.split(',').any(|clause| {
        clause
            .find(['+', '='])
            .is_some_and(|op| clause[op + 1..].contains('s') && !clause[..op].contains('o'))
    })
}

/// A decoder that turns an unreadable blob into bytes (`base64 -d`, `xxd -r`).
fn decodes(name: &str, args: &[Word]) -> bool {
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
fn passes_stdin_through(name: &str) -> bool {
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

/// `git checkout X` with one operand: is X more likely a pathspec than a branch?
fn looks_like_pathspec(t: &str) -> bool {
    t == "."
        || t == ".."
        || t.starts_with("./")
        || t.starts_with("../")
        || t.starts_with(":/")
        || t.starts_with(":(")
        || t.contains(['*', '?', '['])
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

    fn rm(&mut self, args: &[Word], span: Span) {
        // No terminal in an agent's shell: `rm -r` never prompts, so -f changes nothing.
        let mut recursive = false;
        let mut dd = false;
        let mut ops: Vec<&Word> = Vec::new();
        for w in args {
            if !dd && w.is_static() && w.text == "--" {
                dd = true;
                continue;
            }
            if !dd && w.is_option() && w.is_static() {
                if let Some(long) = w.text.strip_prefix("--") {
                    recursive |= long == "recursive";
                } else {
                    recursive |= w.text[1..].contains(['r', 'R']);
                }
                continue;
            }
            ops.push(w);
        }
        let by = if recursive { "rm -r" } else { "rm" };
        for w in ops {
            self.lose(LossKind::Delete, w, recursive, by, span);
        }
    }

    fn shred(&mut self, name: &str, args: &[Word], span: Span) {
        let p = opts::parse(args, "ns", &["iterations", "size", "random-source"]);
        let recursive = p.short('r') || p.short('R');
        for i in p.all_operands() {
            let w = args[i].clone();
            self.lose(LossKind::Shred, &w, recursive, name, span);
        }
    }

    fn truncate(&mut self, args: &[Word], span: Span) {
        let p = opts::parse(args, "sr", &["size", "reference"]);
        let Some(size) = p.value("s").or(p.value("size")) else {
            return;
        };
        let shrinks = size.trim_start_matches('+') == "0"
            || size.starts_with(['-', '<', '/', '%'])
            || size.chars().all(|c| c == '0');
        if !shrinks {
            return;
        }
        for i in p.all_operands() {
            let w = args[i].clone();
            self.lose(LossKind::Truncate, &w, false, "truncate", span);
        }
    }

    /// `cp`/`install` onto an existing file replace it.
    fn copy_over(&mut self, name: &str, args: &[Word], span: Span) {
        let p = opts::parse(
            args,
            "tSmog",
            &["target-directory", "suffix", "mode", "owner", "group"],
        );
        if p.value("t").or(p.value("target-directory")).is_some()
            || p.short('d') && name == "install"
            || p.short('b')
            || p.long("backup")
            || p.short('n')
            || p.long("no-clobber")
        {
            return;
        }
        let ops: Vec<usize> = p.all_operands().collect();
        if ops.len() >= 2 {
            if let Some(&last) = ops.last() {
                let dest = args[last].clone();
                self.lose(LossKind::Overwrite, &dest, false, name, span);
            }
        }
    }

    fn perms(&mut self, name: &str, args: &[Word], span: Span) {
        let p = opts::parse(args, "", &["reference", "from"]);
        let recursive = p.short('R') || p.long("recursive");
        let ops: Vec<&Word> = p.all_operands().map(|i| &args[i]).collect();
        let has_ref = p.value("reference").is_some();
        let (spec, targets) = if has_ref || ops.is_empty() {
            (None, &ops[..])
        } else {
            (Some(ops[0]), &ops[1..])
        };
        if let Some(spec) = spec {
            if name == "chmod" && is_setuid_mode(&spec.text) {
                self.report(
                    "shell.setuid-bit",
                    category::PRIVILEGE,
                    Severity::High,
                    span,
                    format!("chmod {} sets the setuid/setgid bit, letting the program run with its owner's rights", spec.text),
                );
            }
            if name == "chown" {
                let owner = spec.text.split([':', '.']).next().unwrap_or("");
                if owner == "root" || owner == "0" {
                    self.report(
                        "shell.chown-root",
                        category::PRIVILEGE,
                        Severity::Medium,
                        span,
                        format!(
                            "chown hands files to root ({})",
                            words::clip(
                                &targets
                                    .iter()
                                    .map(|t| t.text.as_str())
                                    .collect::<Vec<_>>()
                                    .join(" "),
                                40
                            )
                        ),
                    );
                }
            }
        }
        if recursive {
            if let Some((t, w)) = targets
                .iter()
                .map(|w| (pathclass::classify(w, &self.vars, &self.ctx), *w))
                .find(|(t, _)| t.is_system())
            {
                self.report(
                    "shell.recursive-permission-change",
                    category::DESTRUCTIVE_FS,
                    Severity::Critical,
                    span,
                    format!(
                        "{name} -R on {} changes ownership or permissions of {}",
                        words::clip(&w.text, 40),
                        describe(t)
                    ),
                );
            }
        }
    }

    fn mv(&mut self, args: &[Word], span: Span) {
        let p = opts::parse(args, "tS", &["target-directory", "suffix"]);
        let ops: Vec<&Word> = p.all_operands().map(|i| &args[i]).collect();
        let explicit = p.value("t").or(p.value("target-directory"));
        let (sources, dest): (&[&Word], Option<&str>) = match (explicit, ops.split_last()) {
            (Some(t), _) => (&ops[..], Some(t)),
            (None, Some((last, rest))) if !rest.is_empty() => (rest, Some(last.text.as_str())),
            _ => (&[], None),
        };
        if dest == Some("/dev/null") {
            for w in sources {
                let w = (*w).clone();
                self.lose(LossKind::MoveAway, &w, true, "mv to /dev/null", span);
            }
        } else if explicit.is_none()
            && !(p.short('n') || p.long("no-clobber") || p.short('b') || p.long("backup"))
        {
            if let Some(last) = ops.last() {
                let w = (*last).clone();
                self.lose(LossKind::Overwrite, &w, false, "mv", span);
            }
        }
        if let Some((t, w)) = sources
            .iter()
            .map(|w| (pathclass::classify(w, &self.vars, &self.ctx), *w))
            .find(|(t, _)| t.is_system())
        {
            self.report(
                "shell.mv-system",
                category::DESTRUCTIVE_FS,
                Severity::Critical,
                span,
                format!(
                    "mv moves {} ({}) away",
                    describe(t),
                    words::clip(&w.text, 40)
                ),
            );
        }
    }

    fn disk(&mut self, name: &str, args: &[Word], span: Span) {
        let p = opts::parse(args, "", &[]);
        let ops: Vec<&str> = p.all_operands().map(|i| args[i].text.as_str()).collect();
        let listing = p.short('l')
            || p.long("list")
            || ops.contains(&"print")
            || ops.contains(&"list")
            || ops.is_empty();
        let (rule, sev, msg) = match name {
            "wipefs" if p.short('a') || p.long("all") || p.short('o') => (
                "shell.format-disk",
                Severity::Critical,
                "wipefs erases file system signatures".to_owned(),
            ),
            "wipefs" => return,
            "fdisk" | "sfdisk" | "cfdisk" | "parted" | "sgdisk" | "gdisk" => {
                if listing || p.short('p') {
                    return;
                }
                (
                    "shell.partition-disk",
                    Severity::High,
                    format!("{name} rewrites a disk's partition table"),
                )
            }
            "diskutil" => {
                let destructive = [
                    "erasedisk",
                    "erasevolume",
                    "partitiondisk",
                    "zerodisk",
                    "randomdisk",
                    "secureerase",
                    "reformat",
                    "deletecontainer",
                    "deletevolume",
                ];
                if !ops
                    .iter()
                    .any(|o| destructive.contains(&o.to_ascii_lowercase().as_str()))
                {
                    return;
                }
                (
                    "shell.format-disk",
                    Severity::Critical,
                    "diskutil erases or repartitions a disk".to_owned(),
                )
            }
            "zpool" | "zfs" => {
                if ops.first() != Some(&"destroy") {
                    return;
                }
                (
                    "shell.format-disk",
                    Severity::Critical,
                    format!("{name} destroy deletes a storage pool or dataset"),
                )
            }
            _ => {
                if ops.is_empty() || p.long("help") || p.short('V') {
                    return;
                }
                (
                    "shell.format-disk",
                    Severity::Critical,
                    format!(
                        "{name} formats {}, destroying its data",
                        ops.last().copied().unwrap_or("a device")
                    ),
                )
            }
        };
        self.report(rule, category::DESTRUCTIVE_FS, sev, span, msg);
    }

    fn fetcher(&mut self, name: &str, args: &[Word], span: Span) {
        let mut upload = false;
        let mut outputs: Vec<String> = Vec::new();
        let urls: Vec<&Word> = args.iter().filter(|a| a.text.contains("://")).collect();
        let basename = |u: &str| -> Option<String> {
            let path = u.split(['?', '#']).next().unwrap_or(u);
            let after_host = path.split_once("://").map(|(_, r)| r).unwrap_or(path);
            let (_, p) = after_host.split_once('/')?;
            let b = p.rsplit('/').next().unwrap_or("");
            (!b.is_empty()).then(|| b.to_owned())
        };
        match name {
            "curl" => {
                let p = opts::parse(
                    args,
                    "odFHTXAuUexEbcKrwmyYzCDQ",
                    &[
                        "output",
                        "data",
                        "data-binary",
                        "data-raw",
                        "data-urlencode",
                        "data-ascii",
                        "form",
                        "form-string",
                        "header",
                        "upload-file",
                        "request",
                        "user-agent",
                        "user",
                        "proxy",
                        "referer",
                        "cookie",
                        "cookie-jar",
                        "config",
                        "write-out",
                        "max-time",
                        "connect-timeout",
                        "retry",
                        "cert",
                        "key",
                        "cacert",
                        "json",
                        "url",
                        "output-dir",
                        "range",
                        "resolve",
                        "oauth2-bearer",
                        "variable",
                    ],
                );
                for (k, v) in &p.values {
                    let data = matches!(k.as_str(), "d" | "F" | "T" | "json" | "upload-file")
                        || k.starts_with("data")
                        || k.starts_with("form");
                    if data {
                        upload = true;
                        let file = if k == "T" || k == "upload-file" {
                            Some(v.as_str())
                        } else {
                            v.split_once('@')
                                .map(|(_, f)| f.split(';').next().unwrap_or(f))
                        };
                        if let Some(f) = file.filter(|f| !f.is_empty() && *f != "-") {
                            let w = Word::synthetic(f, span);
                            self.touch(&w, Access::Read);
                        }
                    }
                    if (k == "X" || k == "request")
                        && matches!(v.to_ascii_uppercase().as_str(), "POST" | "PUT" | "PATCH")
                    {
                        upload = true;
                    }
                }
                if let Some(o) = p.value("o").or(p.value("output")) {
                    outputs.push(o.to_owned());
                }
                if p.short('O') || p.long("remote-name") || p.long("remote-name-all") {
                    outputs.extend(urls.iter().filter_map(|u| basename(&u.text)));
                }
            }
            "wget" => {
                let p = opts::parse(
                    args,
                    "OoaPeUtTwQiBlADIXR",
                    &[
                        "output-document",
                        "output-file",
                        "append-output",
                        "directory-prefix",
                        "execute",
                        "user-agent",
                        "tries",
                        "timeout",
                        "wait",
                        "quota",
                        "input-file",
                        "base",
                        "level",
                        "accept",
                        "reject",
                        "domains",
                        "post-data",
                        "post-file",
                        "body-data",
                        "body-file",
                        "method",
                        "header",
                        "user",
                        "password",
                    ],
                );
                for (k, v) in &p.values {
                    match k.as_str() {
                        "post-data" | "body-data" => upload = true,
                        "post-file" | "body-file" => {
                            upload = true;
                            let w = Word::synthetic(v.as_str(), span);
                            self.touch(&w, Access::Read);
                        }
                        "method"
                            if matches!(
                                v.to_ascii_uppercase().as_str(),
                                "POST" | "PUT" | "PATCH"
                            ) =>
                        {
                            upload = true
                        }
                        _ => {}
                    }
                }
                match p.value("O").or(p.value("output-document")) {
                    Some("-") => {}
                    Some(o) => outputs.push(o.to_owned()),
                    None => outputs.extend(urls.iter().filter_map(|u| basename(&u.text))),
                }
            }
            _ => {
                let p = opts::parse(args, "o", &["output"]);
                if let Some(o) = p.value("o").or(p.value("output")) {
                    outputs.push(o.to_owned());
                }
                if args.iter().any(|a| {
                    matches!(a.text.as_str(), "POST" | "PUT" | "PATCH")
                        || a.text.contains("=@")
                        || a.text.starts_with('@')
                }) {
                    upload = true;
                }
            }
        }
        for o in &outputs {
            if o != "-" {
                self.downloads.push(o.clone());
            }
        }
        let dest = urls
            .first()
            .copied()
            .or_else(|| args.iter().rfind(|a| !a.is_option()))
            .map(|u| words::clip(&u.text, 60))
            .unwrap_or_else(|| "from the network".into());
        if upload {
            self.report(
                "shell.network-upload",
                category::NETWORK_EGRESS,
                Severity::Medium,
                span,
                format!("{name} sends data to {dest}"),
            );
        } else {
            self.report(
                "shell.network-fetch",
                category::NETWORK_EGRESS,
                Severity::Low,
                span,
                format!("{name} fetches {dest}"),
            );
        }
    }

    /// CLIs that print secrets on request.
    fn secret_cli(&mut self, name: &str, args: &[Word], span: Span) {
        let p = opts::parse(args, "", &[]);
        let ops: Vec<String> = p
            .operands
            .iter()
            .map(|&i| args[i].text.to_ascii_lowercase())
            .collect();
        let op = |i: usize| ops.get(i).map(String::as_str).unwrap_or("");
        let (sev, what) = match name {
            "security"
                if matches!(op(0), "find-generic-password" | "find-internet-password")
                    && (p.short('w') || p.short('g')) =>
            {
                (Severity::High, "reads a password from the macOS keychain")
            }
            "security" if op(0) == "dump-keychain" => (Severity::High, "dumps the macOS keychain"),
            "gh" if op(0) == "auth"
                && (op(1) == "token"
                    || (op(1) == "status" && (p.short('t') || p.long("show-token")))) =>
            {
                (Severity::High, "prints the GitHub CLI token")
            }
            "pass"
                if op(0) == "show"
                    || (ops.len() == 1
                        && ![
                            "ls", "list", "find", "search", "grep", "insert", "add", "edit",
                            "generate", "rm", "mv", "cp", "git", "init", "help", "version",
                        ]
                        .contains(&op(0))) =>
            {
                (Severity::Medium, "prints a password from pass")
            }
            "op" if op(0) == "read" || op(0) == "inject" || (op(0) == "item" && op(1) == "get") => {
                (Severity::Medium, "reads a secret from 1Password")
            }
            "vault" if op(0) == "read" || (op(0) == "kv" && op(1) == "get") => {
                (Severity::Medium, "reads a secret from Vault")
            }
            "aws"
                if (op(0) == "configure" && matches!(op(1), "get" | "export-credentials"))
                    || (op(0) == "secretsmanager" && op(1) == "get-secret-value")
                    || (op(0) == "ssm"
                        && op(1).starts_with("get-parameter")
                        && p.long("with-decryption"))
                    || (op(0) == "sts" && op(1) == "get-session-token") =>
            {
                (Severity::Medium, "reads AWS credentials or secrets")
            }
            "gcloud"
                if ops
                    .iter()
                    .any(|o| o == "print-access-token" || o == "print-identity-token")
                    || (op(0) == "secrets" && op(1) == "versions" && op(2) == "access") =>
            {
                (
                    Severity::Medium,
                    "prints Google Cloud credentials or secrets",
                )
            }
            "az" if ops.iter().any(|o| o == "get-access-token")
                || (op(0) == "keyvault" && op(1) == "secret" && op(2) == "show") =>
            {
                (Severity::Medium, "prints Azure credentials or secrets")
            }
            "kubectl" if op(0) == "get" && op(1).starts_with("secret") => {
                (Severity::Medium, "reads Kubernetes secrets")
            }
            _ => return,
        };
        self.report(
            "shell.secret-cli",
            category::SECRETS_ACCESS,
            sev,
            span,
            format!("{name} {what}"),
        );
    }

    /// Package managers: installs and run-a-package-from-the-registry commands.
    pub fn package(&mut self, argv: &[Word], span: Span) {
        let name = command_key(&argv[0].text);
        if !is_package_tool(&name) {
            return;
        }
        let args = &argv[1..];
        let p = opts::parse(args, "", &[]);
        let ops: Vec<&str> = p.operands.iter().map(|&i| args[i].text.as_str()).collect();
        let op = |i: usize| ops.get(i).copied().unwrap_or("");
        let global = p.short('g') || p.long("global");
        // (is install?, is exec?, named packages after this operand index)
        let install_words = [
            "install", "i", "add", "in", "ins", "inst", "insta", "instal", "isnt", "isnta",
            "isntal", "isntall",
        ];
        let (install, exec, pkgs_from): (bool, bool, usize) = match &*name {
            "npm" | "cnpm" => {
                let sub = op(0);
                if install_words.contains(&sub) {
                    (true, false, 1)
                } else if matches!(
                    sub,
                    "ci" | "install-test" | "it" | "install-ci-test" | "cit"
                ) {
                    (true, false, usize::MAX)
                } else if matches!(sub, "exec" | "x") {
                    (false, true, 1)
                } else {
                    return;
                }
            }
            "pnpm" => match op(0) {
                "add" | "install" | "i" => (true, false, 1),
                "dlx" => (false, true, 1),
                _ => return,
            },
            "yarn" => match (op(0), op(1)) {
                ("add" | "install", _) => (true, false, 1),
                ("global", "add") => (true, false, 2),
                ("dlx", _) => (false, true, 1),
                _ => return,
            },
            "bun" => match op(0) {
                "add" | "install" | "i" | "a" => (true, false, 1),
                "x" => (false, true, 1),
                _ => return,
            },
            "npx" | "pnpx" | "bunx" | "uvx" => (false, true, 0),
            n if n.starts_with("pip")
                && n.trim_start_matches("pip")
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.') =>
            {
                match op(0) {
                    "install" | "download" => (true, false, 1),
                    _ => return,
                }
            }
            "pipx" => match op(0) {
                "install" | "inject" => (true, false, 1),
                "run" => (false, true, 1),
                _ => return,
            },
            "uv" => match (op(0), op(1)) {
                ("pip", "install") => (true, false, 2),
                ("add", _) => (true, false, 1),
                ("tool", "install") => (true, false, 2),
                ("tool", "run") => (false, true, 2),
                _ => return,
            },
            "poetry" | "pdm" | "rye" => match op(0) {
                "add" => (true, false, 1),
                "install" => (true, false, usize::MAX),
                _ => return,
            },
            "conda" | "mamba" | "micromamba" => match op(0) {
                "install" => (true, false, 1),
                _ => return,
            },
            "cargo" => match op(0) {
                "install" | "binstall" | "add" => (true, false, 1),
                _ => return,
            },
            "gem" => match op(0) {
                "install" => (true, false, 1),
                _ => return,
            },
            "bundle" | "bundler" => match op(0) {
                "install" => (true, false, usize::MAX),
                "add" => (true, false, 1),
                _ => return,
            },
            "go" => match op(0) {
                "install" | "get" => (true, false, 1),
                _ => return,
            },
            "apt" | "apt-get" | "aptitude" | "yum" | "dnf" | "microdnf" | "zypper" | "port"
            | "snap" | "flatpak" | "brew" | "luarocks" | "opam" => match op(0) {
                "install" | "reinstall" | "in" => (true, false, 1),
                _ => return,
            },
            "apk" => match op(0) {
                "add" => (true, false, 1),
                _ => return,
            },
            "pacman" | "yay" | "paru" => {
                let s_op = args.iter().any(|a| {
                    a.is_option()
                        && !a.text.starts_with("--")
                        && a.text.contains('S')
                        && !a.text[1..].contains(['s', 'i', 'l', 'g', 'p', 'c'])
                });
                if !s_op {
                    return;
                }
                (true, false, 0)
            }
            "nix-env" => {
                if !(p.short('i') || p.long("install")) {
                    return;
                }
                (true, false, 0)
            }
            "nix" => match (op(0), op(1)) {
                ("profile", "install") => (true, false, 2),
                ("run" | "shell", _) => (false, true, 1),
                _ => return,
            },
            "composer" => match (op(0), op(1)) {
                ("require", _) => (true, false, 1),
                ("global", "require") => (true, false, 2),
                ("install", _) => (true, false, usize::MAX),
                _ => return,
            },
            "dotnet" => match (op(0), op(1)) {
                ("add", "package") => (true, false, 2),
                ("tool", "install") => (true, false, 2),
                _ => return,
            },
            "deno" => match op(0) {
                "install" | "add" => (true, false, 1),
                _ => return,
            },
            "cpan" | "cpanm" => (true, false, 0),
            "code" | "cursor" | "codium" => {
                if p.value("install-extension").is_none()
                    && !args.iter().any(|a| a.text == "--install-extension")
                {
                    return;
                }
                (true, false, usize::MAX)
            }
            _ => return,
        };
        let pkgs: Vec<&str> = if pkgs_from == usize::MAX {
            Vec::new()
        } else {
            ops.iter().skip(pkgs_from).copied().collect()
        };
        let list = words::clip(&pkgs.join(" "), 60);
        if exec {
            let what = if pkgs.is_empty() {
                "a package".to_owned()
            } else {
                words::clip(pkgs[0], 60)
            };
            self.report(
                "shell.package-exec",
                category::PACKAGE_INSTALL,
                Severity::Medium,
                span,
                format!("{name} downloads and runs {what} from a package registry"),
            );
        } else if install {
            let system = matches!(
                &*name,
                "apt"
                    | "apt-get"
                    | "aptitude"
                    | "yum"
                    | "dnf"
                    | "microdnf"
                    | "zypper"
                    | "port"
                    | "snap"
                    | "flatpak"
                    | "brew"
                    | "apk"
                    | "pacman"
                    | "yay"
                    | "paru"
                    | "nix-env"
                    | "nix"
            );
            let sev = if pkgs.is_empty() && !system {
                Severity::Low
            } else if global || system {
                Severity::High
            } else {
                Severity::Medium
            };
            let msg = if pkgs.is_empty() {
                format!("{name} installs dependencies (install scripts may run)")
            } else {
                format!("{name} installs {list}")
            };
            self.report(
                "shell.package-install",
                category::PACKAGE_INSTALL,
                sev,
                span,
                msg,
            );
        }
    }

    fn git(&mut self, args: &[Word], span: Span, u: &Unit) {
        let mut i = 0;
        let mut dir: Option<String> = None;
        while i < args.len() {
            let w = &args[i];
            let t = w.text.as_str();
            if !w.is_option() {
                break;
            }
            if t == "--" {
                i += 1;
                break;
            }
            if t == "-C" {
                dir = args.get(i + 1).map(|d| d.text.clone());
            }
            i += if matches!(
                t,
                "-C" | "-c"
                    | "--git-dir"
                    | "--work-tree"
                    | "--namespace"
                    | "--config-env"
                    | "--super-prefix"
            ) {
                2
            } else {
                1
            };
        }
        let Some(sub_w) = args.get(i) else { return };
        let sub = sub_w.text.to_ascii_lowercase();
        let rest = &args[i + 1..];
        let hit = |a: &mut Analyzer, rule: &str, sev: Severity, msg: String| {
            a.report(rule, category::DESTRUCTIVE_GIT, sev, span, msg);
        };
        let dir = dir.as_deref();
        let discards = |a: &mut Analyzer, what: GitDiscard, specs: &[Word], by: &str| {
            a.git_discards(what, specs, dir, by, span);
        };
        match sub.as_str() {
            "reset" => {
                let p = opts::parse(
                    rest,
                    "U",
                    &["pathspec-from-file", "unified", "inter-hunk-context"],
                );
                if p.long("hard") {
                    discards(self, GitDiscard::AllChanges, &[], "git reset --hard");
                } else if p.long("merge") {
                    hit(
                        self,
                        "shell.git-reset-merge",
                        Severity::Medium,
                        "git reset --merge resets the index and can drop staged work".into(),
                    );
                }
            }
            "clean" => {
                let p = opts::parse(rest, "e", &["exclude"]);
                let force = p.short('f') || p.long("force");
                let dry = p.short('n') || p.long("dry-run");
                if force && !dry {
                    let specs: Vec<Word> = p.all_operands().map(|i| rest[i].clone()).collect();
                    discards(self, GitDiscard::Untracked, &specs, "git clean -f");
                }
            }
            "checkout" => {
                let p = opts::parse(
                    rest,
                    "bBU",
                    &[
                        "orphan",
                        "conflict",
                        "unified",
                        "inter-hunk-context",
                        "pathspec-from-file",
                    ],
                );
                if p.short('f') || p.long("force") {
                    discards(self, GitDiscard::AllChanges, &[], "git checkout --force");
                    return;
                }
                if p.short('p') || p.long("patch") {
                    return;
                }
                let ops = &p.operands;
                let paths = !p.after_dd.is_empty()
                    || p.value("pathspec-from-file").is_some()
                    || ops.len() >= 2
                    || (ops.len() == 1 && looks_like_pathspec(&rest[ops[0]].text));
                if paths {
                    let which: Vec<Word> = if p.after_dd.is_empty() {
                        ops.iter()
                            .skip(usize::from(ops.len() >= 2))
                            .map(|&i| rest[i].clone())
                            .collect()
                    } else {
                        p.after_dd.iter().map(|&i| rest[i].clone()).collect()
                    };
                    // From a commit, staged changes go too; from the index, only unstaged ones.
                    let from_commit = ops.len() >= 2 || (!p.after_dd.is_empty() && !ops.is_empty());
                    let what = if from_commit {
                        GitDiscard::AllChanges
                    } else {
                        GitDiscard::Unstaged
                    };
                    discards(self, what, &which, "git checkout");
                }
            }
            "switch" => {
                let p = opts::parse(
                    rest,
                    "cC",
                    &["create", "force-create", "orphan", "conflict"],
                );
                if p.short('f') || p.long("force") || p.long("discard-changes") {
                    discards(
                        self,
                        GitDiscard::AllChanges,
                        &[],
                        "git switch --discard-changes",
                    );
                }
            }
            "restore" => {
                let p = opts::parse(
                    rest,
                    "sU",
                    &[
                        "source",
                        "pathspec-from-file",
                        "conflict",
                        "unified",
                        "inter-hunk-context",
                    ],
                );
                if p.short('h') || p.long("help") {
                    return;
                }
                let staged = p.short('S') || p.long("staged");
                let worktree = p.short('W') || p.long("worktree");
                let has_paths = !p.operands.is_empty()
                    || !p.after_dd.is_empty()
                    || p.value("pathspec-from-file").is_some();
                if has_paths && (!staged || worktree) {
                    let which: Vec<Word> = p.all_operands().map(|i| rest[i].clone()).collect();
                    let what = if staged || p.value("source").is_some() || p.short('s') {
                        GitDiscard::AllChanges
                    } else {
                        GitDiscard::Unstaged
                    };
                    discards(self, what, &which, "git restore");
                }
            }
            "branch" => {
                let p = opts::parse(
                    rest,
                    "u",
                    &[
                        "set-upstream-to",
                        "contains",
                        "no-contains",
                        "merged",
                        "no-merged",
                        "points-at",
                        "sort",
                        "format",
                    ],
                );
                let delete = p.short('d') || p.long("delete");
                let force = p.short('f') || p.long("force");
                if p.short('D') || (delete && force) {
                    hit(
                        self,
                        "shell.git-branch-force-delete",
                        Severity::High,
                        "git branch -D deletes a branch even if it is not merged".into(),
                    );
                }
            }
            "stash" => {
                let p = opts::parse(rest, "m", &["message"]);
                match p.operands.first().map(|&i| rest[i].text.as_str()) {
                    Some("drop") => discards(
                        self,
                        GitDiscard::Stash { all: false },
                        &[],
                        "git stash drop",
                    ),
                    Some("clear") => discards(
                        self,
                        GitDiscard::Stash { all: true },
                        &[],
                        "git stash clear",
                    ),
                    _ => {}
                }
            }
            "push" => {
                let p = opts::parse(rest, "o", &["repo", "receive-pack", "exec", "push-option"]);
                let refspecs: Vec<&str> = p
                    .all_operands()
                    .skip(1)
                    .map(|i| rest[i].text.as_str())
                    .collect();
                let force =
                    p.short('f') || p.long("force") || refspecs.iter().any(|r| r.starts_with('+'));
                if force {
                    hit(
                        self,
                        "shell.git-push-force",
                        Severity::High,
                        "git push --force overwrites the remote branch's history".into(),
                    );
                } else if p.long("mirror") {
                    hit(
                        self,
                        "shell.git-push-force",
                        Severity::High,
                        "git push --mirror overwrites and deletes remote refs".into(),
                    );
                }
                if p.short('d')
                    || p.long("delete")
                    || refspecs.iter().any(|r| r.len() > 1 && r.starts_with(':'))
                {
                    hit(
                        self,
                        "shell.git-push-delete",
                        Severity::Medium,
                        "git push deletes a remote branch or tag".into(),
                    );
                }
            }
            "worktree" => {
                let p = opts::parse(rest, "", &[]);
                if p.operands.first().map(|&i| rest[i].text.as_str()) == Some("remove")
                    && (p.short('f') || p.long("force"))
                {
                    hit(
                        self,
                        "shell.git-worktree-force-remove",
                        Severity::High,
                        "git worktree remove --force deletes a worktree with uncommitted changes"
                            .into(),
                    );
                }
            }
            "filter-branch" | "filter-repo" => {
                hit(
                    self,
                    "shell.git-history-rewrite",
                    Severity::High,
                    format!("git {sub} rewrites the repository's history"),
                );
            }
            "reflog" => {
                let p = opts::parse(rest, "", &[]);
                match p.operands.first().map(|&i| rest[i].text.as_str()) {
                    Some("expire") => hit(
                        self,
                        "shell.git-reflog-expire",
                        Severity::High,
                        "git reflog expire removes the safety net for lost commits".into(),
                    ),
                    Some("delete") => hit(
                        self,
                        "shell.git-reflog-expire",
                        Severity::Medium,
                        "git reflog delete removes reflog entries".into(),
                    ),
                    _ => {}
                }
            }
            "gc" => {
                let p = opts::parse(rest, "", &[]);
                if matches!(p.value("prune"), Some("now" | "all")) {
                    hit(
                        self,
                        "shell.git-gc-prune",
                        Severity::High,
                        "git gc --prune=now deletes unreachable commits immediately".into(),
                    );
                }
            }
            "update-ref" => {
                let p = opts::parse(rest, "m", &[]);
                if p.short('d') {
                    hit(
                        self,
                        "shell.git-update-ref-delete",
                        Severity::Medium,
                        "git update-ref -d deletes a ref".into(),
                    );
                }
            }
            "rm" => {
                let p = opts::parse(rest, "", &["pathspec-from-file"]);
                if (p.short('f') || p.long("force")) && !p.long("cached") {
                    let specs: Vec<Word> = p.all_operands().map(|i| rest[i].clone()).collect();
                    discards(self, GitDiscard::AllChanges, &specs, "git rm -f");
                }
            }
            "submodule" => {
                if let Some(pos) = rest.iter().position(|w| w.text == "foreach") {
                    let code: Vec<Word> = rest[pos + 1..]
                        .iter()
                        .filter(|w| !w.is_option())
                        .cloned()
                        .collect();
                    self.code_words(&code, span, u);
                }
            }
            "rebase" => {
                let p = opts::parse(
                    rest,
                    "xsX",
                    &["exec", "strategy", "strategy-option", "onto"],
                );
                for (k, v) in &p.values {
                    if k == "x" || k == "exec" {
                        let w = Word::synthetic(v.as_str(), span);
                        self.code_words(&[w], span, u);
                    }
                }
            }
            "bisect" if rest.first().is_some_and(|w| w.text == "run") && rest.len() > 1 => {
                self.exec(rest[1..].to_vec(), u, &Input::default());
            }
            _ => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setuid_modes() {
        assert!(is_setuid_mode("u+s"));
        assert!(is_setuid_mode("4755"));
        assert!(is_setuid_mode("g+s,o-w"));
        assert!(!is_setuid_mode("755"));
        assert!(!is_setuid_mode("1777"));
        assert!(!is_setuid_mode("u+x"));
    }

    #[test]
    fn pathspecs() {
        assert!(looks_like_pathspec("."));
        assert!(looks_like_pathspec("src/*.rs"));
        assert!(!looks_like_pathspec("main"));
        assert!(!looks_like_pathspec("feature/x"));
    }
}
