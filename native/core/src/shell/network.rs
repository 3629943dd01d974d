//! Data that leaves the machine: which commands send what they read (stdin, files, arguments)
//! to another host, and the exfiltration finding when that data is secret-bearing.

use std::rc::Rc;

use super::opts;
use super::walk::{Analyzer, Input};
use super::words::{self, Word};
use super::Access;
use crate::finding::category;
use crate::{Severity, Span};

/// How a network command treats the data around it.
struct Sink {
    /// Where the data goes, for the reason.
    dest: String,
    /// It sends what it reads on stdin.
    sends_stdin: bool,
}

/// The first operand that looks like a URL or a host, for naming the destination.
fn first_remote(args: &[Word]) -> Option<String> {
    let operands = || {
        args.iter()
            .filter(|w| !w.is_option() && !w.text.starts_with('@'))
            .map(|w| w.text.as_str())
    };
    operands()
        .find(|t| t.contains("://"))
        .or_else(|| operands().find(|t| t.contains('.') && !t.starts_with('.') && !t.contains('/')))
        .map(|t| words::clip(t, 60))
}

/// A `host:path` operand (scp/rsync), not a local path with a colon.
fn is_remote_operand(t: &str) -> bool {
    if t.contains("://") {
        return true;
    }
    match t.find(':') {
        Some(i) => i > 0 && !t[..i].contains('/'),
        None => false,
    }
}

impl Analyzer {
    /// Reports data sent to the network when `secret` names what it carries.
    pub fn exfiltration(&mut self, secret: &str, dest: &str, span: Span) {
        self.report(
            "shell.exfiltration",
            category::EXFILTRATION,
            Severity::Critical,
            span,
            format!("sends {secret} to {dest}: secret data leaves the machine"),
        );
    }

    /// What a network command sends, and where. Files it uploads are recorded as reads (so a
    /// secret file among them counts as data it carries).
    fn sink(&mut self, name: &str, args: &[Word]) -> Option<Sink> {
        let dest = || first_remote(args).unwrap_or_else(|| "another host".to_owned());
        match name {
            "curl" => {
                let p = opts::parse(
                    args,
                    "dFTHoAeEKubrxXYyzmwUQ",
                    &[
                        "data",
                        "data-binary",
                        "data-raw",
                        "data-ascii",
                        "data-urlencode",
                        "form",
                        "form-string",
                        "upload-file",
                        "json",
                        "header",
                        "output",
                        "user-agent",
                        "referer",
                        "user",
                        "url",
                        "request",
                        "config",
                    ],
                );
                let mut sends_stdin = false;
                for (k, v) in &p.values {
                    let upload = matches!(k.as_str(), "T" | "upload-file");
                    let data = matches!(
                        k.as_str(),
                        "d" | "F"
                            | "data"
                            | "data-binary"
                            | "data-raw"
                            | "data-ascii"
                            | "data-urlencode"
                            | "form"
                            | "json"
                    );
                    if !upload && !data {
                        continue;
                    }
                    let file = if upload {
                        Some(v.as_str())
                    } else {
                        v.rsplit_once('@').map(|(_, f)| f).or(v.strip_prefix('<'))
                    };
                    match file {
                        Some("-" | "/dev/stdin") => sends_stdin = true,
                        Some(f) if k != "data-raw" => {
                            self.touch(&Word::synthetic(f, args[0].span), Access::Read)
                        }
                        _ => {}
                    }
                }
                Some(Sink {
                    dest: dest(),
                    sends_stdin,
                })
            }
            "wget" => {
                let p = opts::parse(
                    args,
                    "Oo",
                    &[
                        "post-file",
                        "body-file",
                        "post-data",
                        "body-data",
                        "output-document",
                    ],
                );
                let mut sends_stdin = false;
                for k in ["post-file", "body-file"] {
                    match p.value(k) {
                        Some("-" | "/dev/stdin") => sends_stdin = true,
                        Some(f) => self.touch(&Word::synthetic(f, args[0].span), Access::Read),
                        None => {}
                    }
                }
                Some(Sink {
                    dest: dest(),
                    sends_stdin,
                })
            }
            "nc" | "ncat" | "netcat" | "socat" | "telnet" | "http" | "https" | "xh" | "mail"
            | "mailx" | "sendmail" => Some(Sink {
                dest: dest(),
                sends_stdin: true,
            }),
            "openssl" if args.first().is_some_and(|a| a.text == "s_client") => Some(Sink {
                dest: dest(),
                sends_stdin: true,
            }),
            "ssh" => Some(Sink {
                dest: args
                    .iter()
                    .find(|w| !w.is_option())
                    .map(|w| words::clip(&w.text, 60))
                    .unwrap_or_else(|| "another host".to_owned()),
                sends_stdin: true,
            }),
            "scp" | "sftp" | "rsync" | "rclone" | "gsutil" => {
                let remote = args
                    .iter()
                    .find(|w| !w.is_option() && is_remote_operand(&w.text))?;
                Some(Sink {
                    dest: words::clip(&remote.text, 60),
                    sends_stdin: false,
                })
            }
            "aws" if args.iter().any(|w| w.text.starts_with("s3://")) => Some(Sink {
                dest: args
                    .iter()
                    .find(|w| w.text.starts_with("s3://"))
                    .map(|w| words::clip(&w.text, 60))
                    .unwrap_or_default(),
                sends_stdin: args.iter().any(|w| w.text == "-"),
            }),
            "gh" if args.first().is_some_and(|a| a.text == "gist") => Some(Sink {
                dest: "a GitHub gist".to_owned(),
                sends_stdin: true,
            }),
            _ => None,
        }
    }

    /// After a command ran: exfiltration when a network command carries secret data (piped in,
    /// read by its arguments or substitutions, or a secret token written in them); returns what
    /// secret its output carries on.
    pub(super) fn data_flow(
        &mut self,
        name: &str,
        args: &[Word],
        input: &Input,
        span: Span,
    ) -> Option<Rc<str>> {
        let sink = self.sink(name, args);
        let read_here = self.secret_reads.get(self.arg_secret_mark).cloned();
        if let Some(sink) = sink {
            let carried = read_here
                .clone()
                .or_else(|| input.secret.clone().filter(|_| sink.sends_stdin))
                .or_else(|| secret_token_in(args));
            if let Some(secret) = carried {
                self.exfiltration(&secret, &sink.dest, span);
            }
        }
        read_here.or_else(|| input.secret.clone())
    }
}

/// A provider token or key written in an argument.
fn secret_token_in(args: &[Word]) -> Option<Rc<str>> {
    args.iter().find_map(|w| {
        crate::secrets::scan(&w.text)
            .first()
            .map(|f| Rc::from(format!("a secret ({})", f.rule_id)))
    })
}
