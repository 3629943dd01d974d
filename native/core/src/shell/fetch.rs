//! Downloads: what a fetcher fetches and where it writes it (a download run later is remote code).

use super::opts;
use super::walk::Analyzer;
use super::words::{self, Word};
use super::Access;
use crate::finding::category;
use crate::{Severity, Span};

/// Commands that download from the network (and can feed a shell).
pub(super) fn is_fetcher(name: &str) -> bool {
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

impl Analyzer {
    pub(super) fn fetcher(&mut self, name: &str, args: &[Word], span: Span) {
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
}
