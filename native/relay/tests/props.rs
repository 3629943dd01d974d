//! Property-based tests of the relay binary's reading of stdin and arguments: whatever bytes and
//! arguments a harness (or anything else) hands it, the relay exits 0 with one JSON object on
//! stdout and a reason on stderr, and an event it cannot read is denied, never let through.

use proptest::prelude::*;
use serde_json::Value;
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const RELAY: &str = env!("CARGO_BIN_EXE_hookwarden-relay");
const CASES: u32 = 96;

struct Answer {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the relay against an empty private runtime dir (no engine, never spawns one).
fn relay(args: &[OsString], stdin: &[u8]) -> Answer {
    static N: AtomicUsize = AtomicUsize::new(0);
    let root: PathBuf = std::env::temp_dir().join(format!(
        "hwr-props-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = fs::remove_dir_all(&root);
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(root.join("run"))
        .unwrap();
    let mut child = Command::new(RELAY)
        .args(args)
        .env("HOOKWARDEN_RUNTIME_DIR", root.join("run"))
        .env("HOME", &root)
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes); // the relay may stop reading early
    });
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    let _ = fs::remove_dir_all(&root);
    Answer {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Exit 0, exactly one line that is a JSON object, and a reason on stderr.
fn well_formed(a: &Answer) -> Result<Value, TestCaseError> {
    prop_assert_eq!(a.code, Some(0), "stderr: {}", a.stderr);
    prop_assert!(a.stdout.ends_with('\n') && a.stdout.trim_end().lines().count() == 1);
    let v: Value = serde_json::from_str(a.stdout.trim_end())
        .map_err(|e| TestCaseError::fail(format!("stdout is not JSON ({e}): {:?}", a.stdout)))?;
    prop_assert!(v.is_object(), "{}", a.stdout);
    prop_assert!(
        a.stderr.contains("hookwarden-relay: "),
        "no reason on stderr"
    );
    Ok(v)
}

fn denied(v: &Value) -> bool {
    v["hookSpecificOutput"]["permissionDecision"] == "deny"
        || v["permissionDecision"] == "deny"
        || v["decision"] == "block"
}

/// Payload shapes a harness might send, broken in the ways input breaks.
fn hostile_payload() -> impl Strategy<Value = Vec<u8>> {
    let event = prop_oneof![
        Just("PreToolUse".to_string()),
        Just("preToolUse".to_string()),
        "[A-Za-z]{0,12}",
    ];
    let value = prop_oneof![
        Just("null".to_string()),
        Just("1e999999".to_string()),
        Just("-123456789012345678901234567890".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        "\"[^\"\\\\]{0,40}\"",
        (1usize..3000).prop_map(|n| format!("{}1{}", "[".repeat(n), "]".repeat(n))),
    ];
    let object = (event, value.clone(), value).prop_map(|(e, a, b)| {
        format!(r#"{{"hook_event_name":"{e}","cwd":{a},"tool_name":"Bash","tool_input":{b}}}"#)
            .into_bytes()
    });
    prop_oneof![
        // Arbitrary bytes, invalid UTF-8 included.
        proptest::collection::vec(any::<u8>(), 0..2048),
        // Well-formed objects with wrong types, huge numbers and deep nesting.
        object.clone(),
        // The same, truncated anywhere.
        (object, any::<prop::sample::Index>()).prop_map(|(o, at)| {
            let n = at.index(o.len().max(1));
            o[..n].to_vec()
        }),
    ]
}

fn hostile_args() -> impl Strategy<Value = Vec<OsString>> {
    let arg = prop_oneof![
        Just(OsString::from("--harness")),
        Just(OsString::from("--event")),
        Just(OsString::from("--deadline-ms")),
        Just(OsString::from("--runtime-dir")),
        Just(OsString::from("claude")),
        Just(OsString::from("copilot")),
        Just(OsString::from("--deadline-ms=18446744073709551616")),
        Just(OsString::from("--deadline-ms=0")),
        // Any bytes but NUL, which no argument can hold (execve takes C strings).
        proptest::collection::vec(1u8..=255, 0..24).prop_map(OsString::from_vec),
    ];
    proptest::collection::vec(arg, 0..6).prop_map(|mut args| {
        // The relay's deadline bounds this test's time; keep it short whatever else was drawn.
        args.extend(["--deadline-ms".into(), "2000".into()]);
        args
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_stdin_gets_a_well_formed_answer(payload in hostile_payload(), harness in prop_oneof![Just("claude"), Just("codex"), Just("copilot"), Just("vscode")]) {
        let a = relay(&["--harness".into(), harness.into(), "--deadline-ms".into(), "2000".into()], &payload);
        let v = well_formed(&a)?;
        // A payload that is not a JSON object names no event: the strictest (PreToolUse) fails closed.
        let object = serde_json::from_slice::<Value>(&payload).map(|p| p.is_object()).unwrap_or(false);
        if !object {
            prop_assert!(denied(&v), "{harness}: {:?} for {:?}", a.stdout, String::from_utf8_lossy(&payload));
        }
    }

    #[test]
    fn any_arguments_get_a_well_formed_answer(args in hostile_args(), payload in hostile_payload()) {
        let a = relay(&args, &payload);
        well_formed(&a)?;
    }
}

#[test]
#[allow(clippy::print_stdout)] // the case count is this test's report
fn case_counts() {
    // Read by the test command's summary (cargo test --show-output).
    println!("proptest: relay stdin {CASES} cases, relay arguments {CASES} cases");
}
