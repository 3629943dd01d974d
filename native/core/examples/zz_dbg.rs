#![allow(clippy::print_stdout)]
use aho_corasick::*;
use std::time::Instant;
fn main() {
    let dir = "../../shared/corpora/seed-bench";
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap_or_default();
    let payload = format!("{} {}", read("sample_command_benchmark_hooks.sh"), read("sample_tool_output_benchmark_hooks.txt"));
    let kws = hookwarden_core::secrets::debug_keywords();
    println!("{} keywords", kws.len());
    for (name, kind, pre, mk) in [("dfa", Some(AhoCorasickKind::DFA), true, MatchKind::Standard),
                          ("dfa nopre", Some(AhoCorasickKind::DFA), false, MatchKind::Standard),
                          ("cnfa", Some(AhoCorasickKind::ContiguousNFA), true, MatchKind::Standard),
                          ("cnfa nopre", Some(AhoCorasickKind::ContiguousNFA), false, MatchKind::Standard),
                          ("dfa leftmost", Some(AhoCorasickKind::DFA), true, MatchKind::LeftmostFirst),
                          ("dfa leftmost nopre", Some(AhoCorasickKind::DFA), false, MatchKind::LeftmostFirst)] {
        let ac = AhoCorasick::builder().ascii_case_insensitive(true).kind(kind).prefilter(pre).match_kind(mk).build(&kws).unwrap();
        let n = 20000;
        let t = Instant::now();
        let mut c = 0;
        for _ in 0..n { if mk == MatchKind::Standard { c += ac.find_overlapping_iter(&payload).count(); } else { c += ac.find_iter(&payload).count(); } }
        println!("{name}: {:.2} us ({c})", t.elapsed().as_secs_f64()*1e6/n as f64);
        let t = Instant::now();
        for _ in 0..n { c += ac.is_match(&payload) as usize; }
        println!("{name} is_match: {:.2} us ({c})", t.elapsed().as_secs_f64()*1e6/n as f64);
    }
}
