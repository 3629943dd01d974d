//! Deleting, overwriting, truncating and moving away files; permissions and disks. The walk records
//! what each command destroys ([`super::effects`]); [`super::consequence`] judges it.

use std::rc::Rc;

use super::effects::LossKind;
use super::opts;
use super::pathclass::{self, Target};
use super::runners::substitute;
use super::walk::{Analyzer, Input, Output, Unit};
use super::words::{self, Word};
use super::Access;
use crate::finding::category;
use crate::{Severity, Span};

pub(super) fn describe(t: Target) -> &'static str {
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

pub(super) fn is_setuid_mode(mode: &str) -> bool {
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

impl Analyzer {
    pub(super) fn rm(&mut self, args: &[Word], span: Span) {
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

    pub(super) fn shred(&mut self, name: &str, args: &[Word], span: Span) {
        let p = opts::parse(args, "ns", &["iterations", "size", "random-source"]);
        let recursive = p.short('r') || p.short('R');
        for i in p.all_operands() {
            let w = args[i].clone();
            self.lose(LossKind::Shred, &w, recursive, name, span);
        }
    }

    pub(super) fn truncate(&mut self, args: &[Word], span: Span) {
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
    pub(super) fn copy_over(&mut self, name: &str, args: &[Word], span: Span) {
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

    pub(super) fn perms(&mut self, name: &str, args: &[Word], span: Span) {
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

    pub(super) fn mv(&mut self, args: &[Word], span: Span) {
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

    pub(super) fn disk(&mut self, name: &str, args: &[Word], span: Span) {
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

    /// `find PATHS EXPR`: `-delete`, and `-exec`/`-execdir`/`-ok` commands.
    pub(super) fn find(&mut self, argv: &[Word], u: &Unit, span: Span) -> Output {
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
        Output {
            found,
            ..Output::default()
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
}
