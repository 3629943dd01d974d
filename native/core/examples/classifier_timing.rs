//! Quick release-mode timings of the regex-based classifiers:
//! `cargo run --release -p hookwarden-core --example classifier_timing [path/to/seed-bench]`.
#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

use hookwarden_core::patterns::{NamedPattern, PatternSet};
use hookwarden_core::{injection, secrets, Severity};

/// Mean time of `f` in microseconds over `n` calls after `n / 10` warm-up calls.
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

fn pattern(name: String, regex: String) -> NamedPattern {
    NamedPattern {
        name,
        regex,
        category: None,
        severity: Severity::Medium,
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../../shared/corpora/seed-bench".into());
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap_or_default();
    let script = read("sample_command_benchmark_hooks.sh");
    let output = read("sample_tool_output_benchmark_hooks.txt");
    let haystack = read("haystack_benchmark_scaling.txt");
    let payload = format!("PreToolUse run_shell {script} /workspace/agent-harness {output}");
    println!(
        "payload {} B, haystack {} B, {} secret rules",
        payload.len(),
        haystack.len(),
        secrets::rule_ids().len()
    );

    println!(
        "secrets::scan (payload, no secret): {:.2} us",
        time(20_000, || secrets::scan(&payload))
    );
    let with_kw =
        format!("{payload}\nexport API_TOKEN=$TOKEN # the token is read from the environment\n");
    println!(
        "secrets::scan (payload + keyword, no secret): {:.2} us",
        time(20_000, || secrets::scan(&with_kw))
    );
    let with_secret = format!("{payload}\nGITHUB_TOKEN=ghp_{}\n", "A1b2".repeat(9));
    println!(
        "secrets::scan (payload + 1 secret): {:.2} us",
        time(20_000, || secrets::scan(&with_secret))
    );
    println!(
        "injection::scan (payload): {:.2} us",
        time(20_000, || injection::scan(&payload))
    );

    let seed: Vec<NamedPattern> = read("benign_patterns_100.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| pattern(format!("p{i}"), l.to_owned()))
        .collect();
    if let Ok(set) = PatternSet::new(&seed) {
        let n = set.matching(&payload).len();
        println!(
            "patterns::matching ({} seed patterns, payload; {n} match): {:.2} us",
            set.len(),
            time(5_000, || set.matching(&payload))
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
        let us = time(20_000, || set.matching(&haystack));
        let utf8 = format!("{haystack} — naïve café ✓");
        let us8 = time(2_000, || set.matching(&utf8));
        println!("patterns::matching {n:>4} x \\btoken{{i}}\\b: {us:.2} us ({hits} match; non-ASCII text {us8:.2} us; compile {build:.1} ms)");
    }
}
