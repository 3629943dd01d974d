//! Package managers and package runners: installs that run code from a registry.

use super::exec::command_key;
use super::opts;
use super::walk::Analyzer;
use super::words::{self, Word};
use crate::finding::category;
use crate::{Severity, Span};

/// Package managers and package runners [`Analyzer::package`] knows.
pub(super) fn is_package_tool(name: &str) -> bool {
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

impl Analyzer {
    /// Package managers: installs and run-a-package-from-the-registry commands.
    pub(super) fn package(&mut self, argv: &[Word], span: Span) {
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
}
