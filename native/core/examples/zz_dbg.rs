#![allow(clippy::print_stdout)]
use aho_corasick::*;
use std::time::Instant;
fn main() {
    let dir = "../../shared/corpora/seed-bench";
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap_or_default();
    let payload = format!("{} {}", read("sample_command_benchmark_hooks.sh"), read("sample_tool_output_benchmark_hooks.txt"));
    let kws = hookwarden_core::secrets::debug_keywords();
    for k in [10usize, 30, 60, 100, 200, 281] {
      for ci in [true, false] {
        let ac = AhoCorasick::builder().ascii_case_insensitive(ci).kind(Some(AhoCorasickKind::DFA)).match_kind(MatchKind::Standard).build(&kws[..k]).unwrap();
        let n = 20000;
        let t = Instant::now();
        let mut c = 0;
        for _ in 0..n { c += ac.find_overlapping_iter(&payload).count(); }
        println!("{k} ci={ci}: {:.2} us ({c}) mem={}", t.elapsed().as_secs_f64()*1e6/n as f64, ac.memory_usage());
      }
    }
    let t = Instant::now(); let mut c = 0;
    for _ in 0..20000 { c += payload.as_bytes().iter().position(|&b| b==1).is_some() as usize; }
    println!("memchr: {:.3} us {c}", t.elapsed().as_secs_f64()*1e6/20000.0);
}
