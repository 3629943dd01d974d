//! Runs the shell classifier over a peer corpus of commands with expected verdicts and reports
//! agreement under the default policy (deny = any finding in destructive-fs, destructive-git or
//! remote-code-exec).
//!
//! `cargo run --release -p hookwarden-core --example shell_corpus -- path/to/commands.jsonl [script.sh]`
//!
//! Each line is a JSON object with string fields `command`, `expected` (`deny`/`allow`) and
//! `source`. With a second argument, also times `analyze` and `parse_and_walk` on that script.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use hookwarden_core::finding::category;
use hookwarden_core::shell;

const DENY_CATEGORIES: [&str; 3] = [
    category::DESTRUCTIVE_FS,
    category::DESTRUCTIVE_GIT,
    category::REMOTE_CODE_EXEC,
];

/// The value of string field `key` in a flat JSON object line.
fn json_string(line: &str, key: &str) -> Option<String> {
    let pat = format!("\"{key}\"");
    let mut at = 0;
    while let Some(pos) = line[at..].find(&pat) {
        let after = line[at + pos + pat.len()..].trim_start();
        if let Some(v) = after.strip_prefix(':') {
            let v = v.trim_start();
            if let Some(body) = v.strip_prefix('"') {
                return parse_string_body(body);
            }
            return None;
        }
        at += pos + pat.len();
    }
    None
}

/// A JSON string body (after the opening quote) up to its closing quote, unescaped.
fn parse_string_body(body: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let mut cp = u32::from_str_radix(&hex, 16).ok()?;
                    if (0xD800..0xDC00).contains(&cp) {
                        // A surrogate pair: \uD8xx\uDCxx.
                        let rest: String = chars.by_ref().take(6).collect();
                        let low = u32::from_str_radix(rest.strip_prefix("\\u")?, 16).ok()?;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low.checked_sub(0xDC00)?);
                    }
                    out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                }
                other => out.push(other),
            },
            other => out.push(other),
        }
    }
    None
}

#[derive(Default)]
struct Tally {
    true_deny: usize,
    missed_deny: usize,
    false_deny: usize,
    true_allow: usize,
}

/// Mean microseconds per call of `f` over `n` calls after a warm-up.
fn time<T>(n: u32, mut f: impl FnMut() -> T) -> f64 {
    for _ in 0..n / 10 {
        black_box(f());
    }
    let t = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    t.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        println!("usage: shell_corpus <commands.jsonl> [script.sh]");
        return;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            println!("cannot read {path}: {e}");
            return;
        }
    };
    let mut per_source: BTreeMap<String, Tally> = BTreeMap::new();
    let mut disagreements: Vec<String> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (Some(command), Some(expected)) =
            (json_string(line, "command"), json_string(line, "expected"))
        else {
            println!("line {}: cannot parse", n + 1);
            continue;
        };
        let source = json_string(line, "source").unwrap_or_default();
        let source = source.rsplit('/').next().unwrap_or(&source).to_owned();
        let a = shell::analyze(&command);
        let deny_findings: Vec<String> = a
            .findings
            .iter()
            .filter(|f| DENY_CATEGORIES.contains(&f.category.as_str()))
            .map(|f| f.rule_id.clone())
            .collect();
        let denied = !deny_findings.is_empty();
        let t = per_source.entry(source.clone()).or_default();
        match (expected.as_str(), denied) {
            ("deny", true) => t.true_deny += 1,
            ("deny", false) => {
                t.missed_deny += 1;
                let other: Vec<String> = a
                    .findings
                    .iter()
                    .map(|f| format!("{}({})", f.rule_id, f.category))
                    .collect();
                disagreements.push(format!(
                    "MISSED  [{source}] {command:?}  other findings: {other:?}"
                ));
            }
            (_, true) => {
                t.false_deny += 1;
                disagreements.push(format!(
                    "FALSE   [{source}] {command:?}  by {deny_findings:?}"
                ));
            }
            (_, false) => t.true_allow += 1,
        }
    }
    println!(
        "{:<28} {:>10} {:>12} {:>12} {:>11}",
        "source", "true deny", "missed deny", "false deny", "true allow"
    );
    let mut total = Tally::default();
    for (src, t) in &per_source {
        println!(
            "{:<28} {:>10} {:>12} {:>12} {:>11}",
            src, t.true_deny, t.missed_deny, t.false_deny, t.true_allow
        );
        total.true_deny += t.true_deny;
        total.missed_deny += t.missed_deny;
        total.false_deny += t.false_deny;
        total.true_allow += t.true_allow;
    }
    println!(
        "{:<28} {:>10} {:>12} {:>12} {:>11}",
        "TOTAL", total.true_deny, total.missed_deny, total.false_deny, total.true_allow
    );
    let denies = total.true_deny + total.missed_deny;
    let allows = total.false_deny + total.true_allow;
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "deny recall: {}/{} = {:.1}%   allow false-deny rate: {}/{} = {:.1}%",
        total.true_deny,
        denies,
        pct(total.true_deny, denies),
        total.false_deny,
        allows,
        pct(total.false_deny, allows)
    );
    println!("\ndisagreements ({}):", disagreements.len());
    for d in &disagreements {
        println!("  {d}");
    }

    if let Some(script_path) = args.next() {
        let script = std::fs::read_to_string(&script_path).unwrap_or_default();
        let lines = script.lines().count();
        println!(
            "\ntiming on {script_path} ({} bytes, {lines} lines):",
            script.len()
        );
        println!(
            "  shell::parse_and_walk: {:.1} us",
            time(2_000, || shell::parse_and_walk(&script))
        );
        println!(
            "  shell::analyze:        {:.1} us",
            time(2_000, || shell::analyze(&script))
        );
        let a = shell::analyze(&script);
        println!(
            "  {} commands, {} paths, {} findings:",
            a.commands.len(),
            a.paths.len(),
            a.findings.len()
        );
        for f in &a.findings {
            println!(
                "    {} {} {} {:?}",
                f.severity,
                f.rule_id,
                f.message,
                &script[f.span.start..f.span.end]
            );
        }
    }
}
