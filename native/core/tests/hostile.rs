//! The shell classifier on hostile commands: huge text, deep nesting, binary bytes, unbalanced
//! quotes, heredocs without an end. Each one is analysed in bounded time without a panic, and a
//! command the classifier cannot resolve is never allowed silently: it carries a finding.

use hookwarden_core::finding::category;
use hookwarden_core::shell::{analyze, ShellAnalysis};
use proptest::prelude::*;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Far above any of these inputs in a debug build; a hang or a runaway walk ends the test instead.
const BOUND: Duration = Duration::from_secs(60);
const PROP_CASES: u32 = 256;

/// Analyses `command` on its own thread: a panic or an overrun fails the test with the case's name.
#[allow(clippy::print_stdout)] // each case's time is part of the report
fn bounded(name: &str, command: String) -> (ShellAnalysis, Duration) {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let t0 = Instant::now();
            let a = analyze(&command);
            let _ = tx.send((a, t0.elapsed()));
        })
        .unwrap();
    let got = rx.recv_timeout(BOUND);
    match got {
        Ok(result) => {
            worker.join().unwrap();
            println!("hostile: {name}: {:?}", result.1);
            result
        }
        Err(_) => {
            assert!(
                !worker.is_finished(),
                "{name}: the classifier panicked (no result)"
            );
            panic!("{name}: no result within {BOUND:?}");
        }
    }
}

/// Not allowed silently: a command that does not parse cleanly carries a dynamic finding, and the
/// dangerous command planted in it is found (or the whole is flagged as unanalysable).
fn flagged(name: &str, a: &ShellAnalysis) {
    if !a.parse_ok {
        assert!(
            a.findings.iter().any(|f| f.category == category::DYNAMIC),
            "{name}: parse failed without a dynamic finding: {:?}",
            a.findings
        );
    }
    assert!(
        !a.findings.is_empty(),
        "{name}: no finding at all: parse_ok {}",
        a.parse_ok
    );
}

fn dangerous_or_dynamic(name: &str, a: &ShellAnalysis) {
    flagged(name, a);
    assert!(
        a.findings
            .iter()
            .any(|f| f.category == category::DESTRUCTIVE_FS
                || f.category == category::DYNAMIC
                || f.category == category::REMOTE_CODE_EXEC),
        "{name}: the planted rm -rf is neither found nor flagged: {:?}",
        a.findings
            .iter()
            .map(|f| f.rule_id.as_str())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_megabyte_of_text_cannot_hide_a_destructive_command() {
    let mut cmd = "echo padding-padding-padding; ".repeat(1024 * 1024 / 30 + 1);
    cmd.push_str("rm -rf /");
    assert!(cmd.len() >= 1024 * 1024);
    let (a, _) = bounded("1 MB of commands then rm -rf /", cmd);
    dangerous_or_dynamic("1 MB", &a);

    let long_word = format!("rm -rf /{}", "a".repeat(1024 * 1024));
    let (a, _) = bounded("rm -rf with a 1 MB path", long_word);
    dangerous_or_dynamic("1 MB word", &a);
}

#[test]
fn ten_thousand_nested_substitutions() {
    let n = 10_000;
    let cmd = format!("{}rm -rf /{}", "echo $(".repeat(n), ")".repeat(n));
    let (a, _) = bounded("10,000 nested $(...)", cmd);
    dangerous_or_dynamic("nested $()", &a);

    let cmd = format!("{}rm -rf /{}", "echo \"$(".repeat(n), ")\"".repeat(n));
    let (a, _) = bounded("10,000 nested \"$(...)\"", cmd);
    dangerous_or_dynamic("nested quoted $()", &a);

    // Each level quotes the one inside it, as a person (or a model) would write it; the quoting
    // grows fourfold per level, so 9 levels is already 260 KB.
    let mut cmd = "rm -rf /".to_string();
    for _ in 0..9 {
        cmd = format!("bash -c '{}'", cmd.replace('\'', r"'\''"));
    }
    let (a, _) = bounded("9 nested bash -c, quoted", cmd);
    dangerous_or_dynamic("nested bash -c", &a);

    let cmd = format!("{}rm -rf /", "sudo env nice ".repeat(1000));
    let (a, _) = bounded("3,000 wrapper commands after sudo", cmd);
    flagged("wrappers after sudo", &a);

    let cmd = format!("{}rm -rf /{}", "(".repeat(n), ")".repeat(n));
    let (a, _) = bounded("10,000 nested subshells", cmd);
    dangerous_or_dynamic("nested subshells", &a);
}

#[test]
fn binary_bytes() {
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    bytes.extend_from_slice(b"\n rm -rf / \x00\xff");
    let cmd = String::from_utf8_lossy(&bytes).into_owned();
    let (a, _) = bounded("64 KB of every byte then rm -rf /", cmd);
    dangerous_or_dynamic("binary", &a);
}

/// `env env … env rm -rf /` with 64 or more wrappers: past 64 unwrap rounds the classifier stops
/// and says the command could not be resolved, never nothing.
#[test]
fn a_long_wrapper_chain_is_flagged() {
    for n in [64, 1000] {
        let cmd = format!("{}rm -rf /", "env ".repeat(n));
        let (a, _) = bounded("env wrappers", cmd);
        dangerous_or_dynamic("env wrappers", &a);
    }
}

/// Bash drops NUL bytes from a script it reads (`printf 'rm\0 -rf /' | bash` runs `rm -rf /`), and
/// so does the classifier before it parses.
#[test]
fn a_nul_byte_inside_a_word_is_flagged() {
    for (name, cmd) in [("rm\\0", "rm\0 -rf /"), ("r\\0m", "r\0m -rf /")] {
        let (a, _) = bounded(name, cmd.into());
        dangerous_or_dynamic(name, &a);
    }
}

#[test]
fn unbalanced_quotes_and_unterminated_heredocs() {
    for (name, cmd) in [
        ("unterminated double quote", "rm -rf / \"; echo".to_string()),
        ("unterminated single quote", "echo 'x; rm -rf /".to_string()),
        ("unterminated backquote", "echo `rm -rf /".to_string()),
        ("unterminated $(", "echo $(rm -rf /".to_string()),
        (
            "heredoc into bash, no end",
            "bash <<EOF\nrm -rf /\n".to_string(),
        ),
        (
            "heredoc, no end, then more",
            "cat <<'EOF'\nhello\nrm -rf /\n".repeat(1000),
        ),
        (
            "100,000 unbalanced quotes",
            format!("rm -rf / {}", "\"'".repeat(50_000)),
        ),
    ] {
        let (a, _) = bounded(name, cmd);
        flagged(name, &a);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: PROP_CASES, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary bytes and shell-ish text: no panic, and a failed parse always says so.
    #[test]
    fn arbitrary_commands_never_panic_and_never_fail_silently(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
        shellish in "[a-z $(){}`'\"\\\\|&;<>\n*?=-]{0,200}",
    ) {
        for cmd in [String::from_utf8_lossy(&bytes).into_owned(), shellish] {
            let a = analyze(&cmd);
            if !a.parse_ok {
                prop_assert!(a.findings.iter().any(|f| f.category == category::DYNAMIC), "{:?}", cmd);
            }
            for f in &a.findings {
                prop_assert!(f.span.start <= f.span.end && f.span.end <= cmd.len(), "{:?}: {:?}", cmd, f);
            }
        }
    }
}

#[test]
#[allow(clippy::print_stdout)] // the case count is this test's report
fn prop_case_count() {
    println!("proptest: shell classifier on arbitrary commands {PROP_CASES} cases");
}
