//! Quick release-mode timings of the regex-based classifiers and the shell classifier:
//! `cargo run --release -p hookwarden-core --example classifier_timing [path/to/seed-bench]`.
//!
//! Each figure is the median, over many batches, of the mean time of one call in a batch
//! (batches are short enough for a busy machine's interruptions to spoil only a few of them).
#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

use hookwarden_core::patterns::{NamedPattern, PatternSet};
use hookwarden_core::{injection, secrets, shell, Severity};

/// Median over `batches` batches of the mean time of one call of `f`, in microseconds; each
/// batch makes `per` calls. One tenth of the batches are run first as warm-up.
fn time<T>(batches: u32, per: u32, mut f: impl FnMut() -> T) -> f64 {
    for _ in 0..(batches / 10) * per {
        black_box(f());
    }
    let mut means: Vec<f64> = (0..batches)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per {
                black_box(f());
            }
            t.elapsed().as_secs_f64() * 1e6 / f64::from(per)
        })
        .collect();
    means.sort_by(f64::total_cmp);
    means[means.len() / 2]
}

fn pattern(name: String, regex: String) -> NamedPattern {
    NamedPattern {
        name,
        regex,
        category: None,
        severity: Severity::Medium,
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpora/seed-bench"
        )
        .into()
    });
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap_or_default();
    let script = read("sample_command_benchmark_hooks.sh");
    let output = read("sample_tool_output_benchmark_hooks.txt");
    let haystack = read("haystack_benchmark_scaling.txt");
    // The benchmark's scanned text: tool_input's values (command, cwd) and tool_output, joined
    // by spaces (2,112 bytes for the seed payload).
    let payload = format!("{script} /workspace/agent-harness {output}");
    println!(
        "payload {} B, haystack {} B, script {} B, {} secret rules",
        payload.len(),
        haystack.len(),
        script.len(),
        secrets::rule_ids().len()
    );

    println!(
        "secrets::scan (payload, no secret): {:.2} us",
        time(200, 100, || secrets::scan(&payload))
    );
    let with_kw =
        format!("{payload}\nexport API_TOKEN=$TOKEN # the token is read from the environment\n");
    println!(
        "secrets::scan (payload + keyword, no secret): {:.2} us",
        time(200, 100, || secrets::scan(&with_kw))
    );
    let with_secret = format!("{payload}\nGITHUB_TOKEN=ghp_{}\n", "A1b2".repeat(9));
    println!(
        "secrets::scan (payload + 1 secret): {:.2} us",
        time(200, 100, || secrets::scan(&with_secret))
    );
    println!(
        "injection::scan (payload): {:.2} us",
        time(200, 100, || injection::scan(&payload))
    );

    let seed: Vec<NamedPattern> = read("benign_patterns_100.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| pattern(format!("p{i}"), l.to_owned()))
        .collect();
    let t = Instant::now();
    if let Ok(set) = PatternSet::new(&seed) {
        let build = t.elapsed().as_secs_f64() * 1e3;
        let n = set.matching(&payload).len();
        let us = time(500, 100, || set.matching(&payload));
        // The same text with one non-ASCII character in the middle.
        let mid = payload.len() / 2;
        let mid = (mid..payload.len())
            .find(|&i| payload.is_char_boundary(i))
            .unwrap_or(0);
        let utf8 = format!("{}é{}", &payload[..mid], &payload[mid..]);
        let n8 = set.matching(&utf8).len();
        let us8 = time(100, 20, || set.matching(&utf8));
        println!(
            "patterns::matching ({} seed patterns, payload; {n} match): {us:.2} us \
             (one 'é' inserted: {n8} match, {us8:.2} us; compile {build:.1} ms)",
            set.len(),
        );
    }
    for n in [10usize, 50, 100, 500, 1000] {
        let pats: Vec<NamedPattern> = (0..n)
            .map(|i| pattern(format!("t{i}"), format!(r"\btoken{i}\b")))
            .collect();
        let t = Instant::now();
        let Ok(set) = PatternSet::new(&pats) else {
            continue;
        };
        let build = t.elapsed().as_secs_f64() * 1e3;
        let hits = set.matching(&haystack).len();
        let us = time(500, 200, || set.matching(&haystack));
        let utf8 = format!("{haystack} — naïve café ✓");
        let us8 = time(100, 20, || set.matching(&utf8));
        println!("patterns::matching {n:>4} x \\btoken{{i}}\\b: {us:.2} us ({hits} match; non-ASCII text {us8:.2} us; compile {build:.1} ms)");
    }

    if !script.is_empty() {
        let nodes = shell::parse_and_walk(&script);
        println!(
            "shell::parse_only (script): {:.1} us",
            time(300, 5, || shell::parse_only(&script))
        );
        println!(
            "shell::parse_and_walk (script, {nodes} nodes): {:.1} us",
            time(300, 5, || shell::parse_and_walk(&script))
        );
        println!(
            "shell::analyze (script): {:.1} us",
            time(300, 5, || shell::analyze(&script))
        );
        // What the binding's classifyShell and analyzeShell call.
        let ctx = shell::ShellContext {
            cwd: Some("/tmp/work".into()),
            protected_roots: vec!["/tmp/keep".into()],
            ..Default::default()
        };
        println!(
            "shell::analyze_in (script, with a cwd): {:.1} us",
            time(300, 5, || shell::analyze_in(&script, &ctx))
        );
    }
}
