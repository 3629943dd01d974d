//! Command-line tools that print secrets (password managers, cloud CLIs, keychains).

use super::opts;
use super::walk::Analyzer;
use super::words::Word;
use crate::finding::category;
use crate::{Severity, Span};

impl Analyzer {
    /// CLIs that print secrets on request.
    pub(super) fn secret_cli(&mut self, name: &str, args: &[Word], span: Span) {
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
}
