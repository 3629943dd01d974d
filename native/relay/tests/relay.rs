//! Runs the built relay binary against temporary runtime dirs and fake engines.

use serde_json::{json, Value};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const RELAY: &str = env!("CARGO_BIN_EXE_hookwarden-relay");

/// A temp dir with a private `run/` runtime dir; removed on drop.
struct Tmp {
    root: PathBuf,
}

impl Tmp {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "hwr-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        fs::DirBuilder::new()
            .mode(0o700)
            .create(root.join("run"))
            .unwrap();
        fs::set_permissions(root.join("run"), fs::Permissions::from_mode(0o700)).unwrap();
        Tmp { root }
    }

    fn run_dir(&self) -> PathBuf {
        self.root.join("run")
    }

    fn spool_files(&self) -> Vec<PathBuf> {
        match fs::read_dir(self.run_dir().join("spool")) {
            Ok(rd) => rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Writes a registry entry (0600) for an engine listening on `socket`.
    fn register(
        &self,
        name: &str,
        socket: &Path,
        token: &str,
        pid: u32,
        roots: &[&str],
        fail: Value,
    ) {
        let path = self.run_dir().join(format!("engine-{name}.json"));
        let body =
            json!({"v":1,"socket":socket,"token":token,"pid":pid,"roots":roots,"failMode":fail});
        fs::write(&path, body.to_string()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

struct Out {
    stdout: String,
    stderr: String,
    code: Option<i32>,
    elapsed: Duration,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim_end()).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {:?}; stderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

fn relay(tmp: &Tmp, args: &[&str], stdin: Vec<u8>) -> Out {
    relay_env(tmp, args, stdin, &[])
}

fn relay_env(tmp: &Tmp, args: &[&str], stdin: Vec<u8>, env: &[(&str, &Path)]) -> Out {
    let run = tmp.run_dir();
    let mut cmd = Command::new(RELAY);
    cmd.args(args)
        .arg("--runtime-dir")
        .arg(&run)
        .env_remove("HOOKWARDEN_RUNTIME_DIR")
        .env_remove("XDG_RUNTIME_DIR")
        .env("HOME", &tmp.root) // no ~/.hookwarden/relay.json: never spawn an engine
        .current_dir(&tmp.root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = thread::spawn(move || {
        let _ = input.write_all(&stdin); // the relay may stop reading early
    });
    let out = child.wait_with_output().unwrap();
    let elapsed = start.elapsed();
    let _ = writer.join();
    Out {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
        elapsed,
    }
}

fn claude_pre(cwd: &str) -> Vec<u8> {
    json!({
        "session_id": "s1",
        "hook_event_name": "PreToolUse",
        "cwd": cwd,
        "permission_mode": "default",
        "tool_name": "Bash",
        "tool_input": {"command": "rm -rf /"}
    })
    .to_string()
    .into_bytes()
}

/// A fake engine answering one connection with `answer` (None: accept, read, never answer).
/// Yields the request line it received.
fn fake_engine(socket: &Path, answer: Option<Value>) -> mpsc::Receiver<String> {
    let listener = UnixListener::bind(socket).unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        match answer {
            Some(a) => {
                let mut s = stream;
                let _ = s.write_all(format!("{a}\n").as_bytes());
            }
            None => {
                thread::sleep(Duration::from_secs(5));
                drop(stream);
            }
        }
    });
    rx
}

fn deny_reason(v: &Value) -> String {
    v["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

// (a) No engine: explicit deny / allow, exit 0, a private spool record.
#[test]
fn no_engine_claude_pre_tool_use_denies_and_spools() {
    let tmp = Tmp::new();
    let out = relay(&tmp, &["--harness", "claude"], claude_pre("/nowhere/proj"));
    assert_eq!(out.code, Some(0));
    let v = out.json();
    assert_eq!(v["hookSpecificOutput"]["hookEventName"], "PreToolUse");
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    let reason = deny_reason(&v);
    assert!(
        reason
            .starts_with("Hookwarden: no engine answered (no engine registered for /nowhere/proj"),
        "{reason}"
    );
    assert!(
        reason.ends_with("fail mode for PreToolUse is deny"),
        "{reason}"
    );
    // Nothing could start an engine: the reason says what to do, on one line.
    assert!(
        reason.contains("to fix: open this folder in VS Code with Hookwarden")
            && !reason.contains('\n'),
        "{reason}"
    );

    let files = tmp.spool_files();
    assert_eq!(files.len(), 1, "{files:?}");
    let meta = fs::metadata(&files[0]).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o600);
    assert_eq!(
        fs::metadata(tmp.run_dir().join("spool")).unwrap().mode() & 0o777,
        0o700
    );
    let rec: Value = serde_json::from_str(&fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(rec["v"], 1);
    assert_eq!(rec["harness"], "claude");
    assert_eq!(rec["event"], "PreToolUse");
    assert_eq!(rec["cwd"], "/nowhere/proj");
    assert_eq!(rec["decision"], "deny");
    assert_eq!(rec["reason"], reason.as_str());
    assert_eq!(
        rec["payload"].as_str().unwrap().as_bytes(),
        claude_pre("/nowhere/proj")
    );
    assert!(rec["time"].as_u64().unwrap() > 1_600_000_000_000);
}

#[test]
fn no_engine_copilot_camel_case_denies_top_level() {
    let tmp = Tmp::new();
    let payload = json!({"timestamp": 1, "cwd": "/nowhere", "toolName": "bash", "toolArgs": "{\"command\":\"ls\"}"});
    let out = relay(
        &tmp,
        &["--harness=copilot"],
        payload.to_string().into_bytes(),
    );
    assert_eq!(out.code, Some(0));
    let v = out.json();
    assert_eq!(v["permissionDecision"], "deny");
    assert!(v["permissionDecisionReason"]
        .as_str()
        .unwrap()
        .contains("fail mode for PreToolUse is deny"));
    let rec: Value =
        serde_json::from_str(&fs::read_to_string(&tmp.spool_files()[0]).unwrap()).unwrap();
    assert_eq!(rec["harness"], "copilot");
    assert_eq!(rec["event"], "PreToolUse");
}

#[test]
fn no_engine_post_tool_use_allows_with_empty_object() {
    let tmp = Tmp::new();
    let payload = json!({"hook_event_name": "PostToolUse", "cwd": "/x", "tool_name": "Bash", "tool_response": {}});
    let out = relay(
        &tmp,
        &["--harness", "claude"],
        payload.to_string().into_bytes(),
    );
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout, "{}\n");
    let rec: Value =
        serde_json::from_str(&fs::read_to_string(&tmp.spool_files()[0]).unwrap()).unwrap();
    assert_eq!(rec["decision"], "allow");
}

#[test]
fn no_engine_other_blocking_events() {
    let tmp = Tmp::new();
    // Copilot camelCase permissionRequest, named by --event.
    let payload = json!({"cwd": "/x", "toolName": "bash", "toolArgs": {}});
    let out = relay(
        &tmp,
        &["--harness", "copilot", "--event", "permissionRequest"],
        payload.to_string().into_bytes(),
    );
    let v = out.json();
    assert_eq!(v["behavior"], "deny");
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("fail mode for PermissionRequest is deny"));
    // Claude PermissionRequest.
    let payload = json!({"hook_event_name": "PermissionRequest", "cwd": "/x", "tool_name": "Bash"});
    let v = relay(
        &tmp,
        &["--harness", "claude"],
        payload.to_string().into_bytes(),
    )
    .json();
    assert_eq!(v["hookSpecificOutput"]["decision"]["behavior"], "deny");
    // Codex UserPromptSubmit.
    let payload =
        json!({"hook_event_name": "UserPromptSubmit", "cwd": "/x", "prompt": "hi", "turn_id": "t"});
    let v = relay(
        &tmp,
        &["--harness", "codex"],
        payload.to_string().into_bytes(),
    )
    .json();
    assert_eq!(v["decision"], "block");
    // Copilot camelCase prompt without an event field: inferred.
    let payload = json!({"cwd": "/x", "prompt": "hi"});
    let v = relay(
        &tmp,
        &["--harness", "copilot"],
        payload.to_string().into_bytes(),
    )
    .json();
    assert_eq!(v["decision"], "block");
    assert!(v["reason"].as_str().unwrap().contains("UserPromptSubmit"));
}

// (b) A fake engine gets the right request line; its stdout is printed verbatim.
#[test]
fn forwards_to_engine_and_prints_its_stdout_verbatim() {
    let tmp = Tmp::new();
    let sock = tmp.root.join("e.sock");
    let answer_text = r#"{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask","permissionDecisionReason":"rm -rf needs a look"}}"#;
    let rx = fake_engine(
        &sock,
        Some(json!({"v":1,"stdout":answer_text,"decision":"ask"})),
    );
    tmp.register(
        "1",
        &sock,
        "c0ffee",
        std::process::id(),
        &["/proj"],
        json!({}),
    );
    let payload = claude_pre("/proj/sub");
    let out = relay(
        &tmp,
        &["--harness", "claude", "--event", "PreToolUse"],
        payload.clone(),
    );
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout, format!("{answer_text}\n"));

    let line = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(line.ends_with('\n') && !line.trim_end().contains('\n'));
    let req: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(req["v"], 1);
    assert_eq!(req["token"], "c0ffee");
    assert_eq!(req["harness"], "claude");
    assert_eq!(req["event"], "PreToolUse");
    assert_eq!(req["cwd"], "/proj/sub");
    assert_eq!(req["payload"].as_str().unwrap().as_bytes(), payload);
    assert!(
        tmp.spool_files().is_empty(),
        "an answered event is not spooled"
    );
}

#[test]
fn event_is_null_without_the_flag_and_invalid_json_is_still_forwarded() {
    let tmp = Tmp::new();
    let sock = tmp.root.join("e.sock");
    let rx = fake_engine(&sock, Some(json!({"v":1,"stdout":"{}","decision":"allow"})));
    // Root "/" serves every cwd; the process cwd (tmp root) is used as the payload has none.
    tmp.register("1", &sock, "t", std::process::id(), &["/"], json!({}));
    let out = relay(&tmp, &["--harness", "vscode"], b"{not json".to_vec());
    assert_eq!(out.stdout, "{}\n");
    let req: Value =
        serde_json::from_str(&rx.recv_timeout(Duration::from_secs(5)).unwrap()).unwrap();
    assert_eq!(req["event"], Value::Null);
    assert_eq!(req["payload"], "{not json");
    assert_eq!(req["harness"], "vscode");
    assert_eq!(
        req["cwd"],
        fs::canonicalize(&tmp.root).unwrap().to_str().unwrap()
    );
}

#[test]
fn engine_error_answer_gets_the_fail_mode() {
    let tmp = Tmp::new();
    let sock = tmp.root.join("e.sock");
    let _rx = fake_engine(&sock, Some(json!({"v":1,"error":"policy failed to load"})));
    tmp.register(
        "1",
        &sock,
        "t",
        std::process::id(),
        &["/p"],
        json!({"PreToolUse":"deny"}),
    );
    let v = relay(&tmp, &["--harness", "claude"], claude_pre("/p")).json();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    assert!(deny_reason(&v).contains("engine error: policy failed to load"));
    assert_eq!(tmp.spool_files().len(), 1);
}

// (c) A runtime dir other users can read is not trusted.
#[test]
fn group_readable_runtime_dir_is_not_trusted() {
    let tmp = Tmp::new();
    let sock = tmp.root.join("e.sock");
    let _rx = fake_engine(
        &sock,
        Some(json!({"v":1,"stdout":"ENGINE","decision":"allow"})),
    );
    tmp.register("1", &sock, "t", std::process::id(), &["/p"], json!({}));
    fs::set_permissions(tmp.run_dir(), fs::Permissions::from_mode(0o755)).unwrap();
    let out = relay(&tmp, &["--harness", "claude"], claude_pre("/p"));
    assert_eq!(out.code, Some(0));
    let v = out.json();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    let reason = deny_reason(&v);
    assert!(
        reason.contains("runtime dir not trusted") && reason.contains("must be 0700"),
        "{reason}"
    );
    assert!(
        tmp.spool_files().is_empty(),
        "no spool into an untrusted dir"
    );
}

#[test]
fn group_readable_registry_file_is_ignored() {
    let tmp = Tmp::new();
    let sock = tmp.root.join("e.sock");
    let _rx = fake_engine(
        &sock,
        Some(json!({"v":1,"stdout":"ENGINE","decision":"allow"})),
    );
    tmp.register("1", &sock, "t", std::process::id(), &["/p"], json!({}));
    let reg = tmp.run_dir().join("engine-1.json");
    fs::set_permissions(&reg, fs::Permissions::from_mode(0o644)).unwrap();
    let v = relay(&tmp, &["--harness", "claude"], claude_pre("/p")).json();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    assert!(deny_reason(&v).contains("unsafe owner or permissions"));
}

// (d) A registration whose pid is gone is ignored (and left in place).
#[test]
fn stale_registration_is_ignored() {
    let tmp = Tmp::new();
    let sock = tmp.root.join("e.sock");
    let _rx = fake_engine(
        &sock,
        Some(json!({"v":1,"stdout":"ENGINE","decision":"allow"})),
    );
    tmp.register(
        "999999",
        &sock,
        "t",
        999_999,
        &["/p"],
        json!({"PreToolUse":"allow"}),
    );
    let v = relay(&tmp, &["--harness", "claude"], claude_pre("/p")).json();
    // Default fail mode, not the stale entry's "allow".
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    assert!(deny_reason(&v).contains("ignored 1 stale registration"));
    assert!(tmp.run_dir().join("engine-999999.json").exists());
}

// (e) The engine with the longest matching root answers.
#[test]
fn longest_root_prefix_wins() {
    let tmp = Tmp::new();
    let outer = tmp.root.join("outer.sock");
    let inner = tmp.root.join("inner.sock");
    let rx_outer = fake_engine(
        &outer,
        Some(json!({"v":1,"stdout":"OUTER","decision":"allow"})),
    );
    let rx_inner = fake_engine(
        &inner,
        Some(json!({"v":1,"stdout":"INNER","decision":"allow"})),
    );
    let pid = std::process::id();
    tmp.register("a", &outer, "outer-token", pid, &["/w"], json!({}));
    tmp.register(
        "b",
        &inner,
        "inner-token",
        pid,
        &["/elsewhere", "/w/proj"],
        json!({}),
    );
    let out = relay(&tmp, &["--harness", "claude"], claude_pre("/w/proj/src"));
    assert_eq!(out.stdout, "INNER\n");
    let req: Value =
        serde_json::from_str(&rx_inner.recv_timeout(Duration::from_secs(5)).unwrap()).unwrap();
    assert_eq!(req["token"], "inner-token");
    assert!(rx_outer.try_recv().is_err());
    // "/w/projection" is not under "/w/proj".
    let out = relay(&tmp, &["--harness", "claude"], claude_pre("/w/projection"));
    assert_eq!(out.stdout, "OUTER\n");
}

#[test]
fn unreachable_best_engine_falls_back_to_the_next() {
    let tmp = Tmp::new();
    let good = tmp.root.join("good.sock");
    let _rx = fake_engine(
        &good,
        Some(json!({"v":1,"stdout":"GOOD","decision":"allow"})),
    );
    let pid = std::process::id();
    tmp.register(
        "a",
        &tmp.root.join("missing.sock"),
        "t",
        pid,
        &["/w/proj"],
        json!({}),
    );
    tmp.register("b", &good, "t", pid, &["/w"], json!({}));
    assert_eq!(
        relay(&tmp, &["--harness", "claude"], claude_pre("/w/proj")).stdout,
        "GOOD\n"
    );
}

#[test]
fn registered_fail_mode_applies_when_engine_is_unreachable() {
    let tmp = Tmp::new();
    let pid = std::process::id();
    tmp.register(
        "a",
        &tmp.root.join("missing.sock"),
        "t",
        pid,
        &["/w"],
        json!({"PreToolUse":"ask","PostToolUse":"allow"}),
    );
    let v = relay(&tmp, &["--harness", "claude"], claude_pre("/w")).json();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "ask");
    let reason = deny_reason(&v);
    assert!(
        reason.contains("missing.sock") && reason.ends_with("fail mode for PreToolUse is ask"),
        "{reason}"
    );
}

// (f) An engine that never answers: fail-mode deny within the deadline.
#[test]
fn silent_engine_hits_the_deadline() {
    let tmp = Tmp::new();
    let sock = tmp.root.join("e.sock");
    let _rx = fake_engine(&sock, None);
    // The socket timeout or the deadline, whichever comes first, explains it.
    let reason = deny_at_the_deadline(&tmp, &sock);
    assert!(
        reason.contains("engine pid") && reason.contains("deadline"),
        "{reason}"
    );
}

/// Runs the relay (deadline 300 ms) against the engine registered at `sock`; checks it answers
/// deny, exit 0, at the deadline and not before, and spools the event. Returns the reason.
fn deny_at_the_deadline(tmp: &Tmp, sock: &Path) -> String {
    tmp.register("1", sock, "t", std::process::id(), &["/p"], json!({}));
    let out = relay(
        tmp,
        &["--harness", "claude", "--deadline-ms", "300"],
        claude_pre("/p"),
    );
    assert_eq!(out.code, Some(0));
    assert!(
        out.elapsed >= Duration::from_millis(250) && out.elapsed < Duration::from_secs(2),
        "{:?}",
        out.elapsed
    );
    let v = out.json();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    assert_eq!(tmp.spool_files().len(), 1);
    deny_reason(&v)
}

#[test]
fn stdin_that_never_closes_still_gets_an_answer_at_the_deadline() {
    let tmp = Tmp::new();
    let start = Instant::now();
    let mut child = Command::new(RELAY)
        .args([
            "--harness",
            "copilot",
            "--event",
            "preToolUse",
            "--deadline-ms",
            "300",
        ])
        .arg("--runtime-dir")
        .arg(tmp.run_dir())
        .env("HOME", &tmp.root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _stdin = child.stdin.take(); // held open
    let out = child.wait_with_output().unwrap();
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["permissionDecision"], "deny");
    assert!(v["permissionDecisionReason"]
        .as_str()
        .unwrap()
        .contains("deadline of 300 ms reached"));
}

// (g) Malformed stdin with no engine: deny, exit 0.
#[test]
fn malformed_stdin_without_engine_denies() {
    let tmp = Tmp::new();
    let out = relay(
        &tmp,
        &["--harness", "claude"],
        b"\xff\xfe not json at all".to_vec(),
    );
    assert_eq!(out.code, Some(0));
    let v = out.json();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    let empty = relay(&tmp, &["--harness", "codex"], Vec::new());
    assert_eq!(
        empty.json()["hookSpecificOutput"]["permissionDecision"],
        "deny"
    );
}

// (h) More than 8 MiB of stdin: deny without reading the rest.
#[test]
fn oversized_stdin_denies() {
    let tmp = Tmp::new();
    let mut payload = br#"{"hook_event_name":"PreToolUse","tool_input":{"content":""#.to_vec();
    payload.resize(9 * 1024 * 1024, b'a');
    payload.extend_from_slice(br#""}}"#);
    let out = relay(&tmp, &["--harness", "claude"], payload);
    assert_eq!(out.code, Some(0));
    let v = out.json();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    assert_eq!(deny_reason(&v), "Hookwarden: payload larger than 8 MiB");
    let rec: Value =
        serde_json::from_str(&fs::read_to_string(&tmp.spool_files()[0]).unwrap()).unwrap();
    assert_eq!(rec["payload"], Value::Null);
}

#[test]
fn env_runtime_dir_overrides_the_flag() {
    let tmp = Tmp::new();
    let other = tmp.root.join("other");
    fs::DirBuilder::new().mode(0o700).create(&other).unwrap();
    let out = relay_env(
        &tmp,
        &["--harness", "claude"],
        claude_pre("/p"),
        &[("HOOKWARDEN_RUNTIME_DIR", &other)],
    );
    assert_eq!(
        out.json()["hookSpecificOutput"]["permissionDecision"],
        "deny"
    );
    assert!(tmp.spool_files().is_empty());
    assert_eq!(fs::read_dir(other.join("spool")).unwrap().count(), 1);
}

#[test]
fn version_and_help() {
    let out = Command::new(RELAY).arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("hookwarden-relay 0."));
    let out = Command::new(RELAY).arg("--help").output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("--harness"));
}

// Item 8: with `~/.hookwarden/relay.json`, a missing engine is started and asked once.
#[test]
fn starts_a_headless_engine_and_retries_once() {
    let tmp = Tmp::new();
    let sock = tmp.root.join("late.sock");
    let rx = fake_engine(
        &sock,
        Some(json!({"v":1,"stdout":"HEADLESS","decision":"allow"})),
    );
    // The "engine" registers the already-listening fake (pid: this test process).
    let reg = json!({"v":1,"socket":sock,"token":"late","pid":std::process::id(),"roots":["/h"],"failMode":{}});
    let script = format!(
        "umask 077; sleep 0.05; printf '%s' '{reg}' > \"$HOOKWARDEN_RUNTIME_DIR/.e.tmp\" && mv \"$HOOKWARDEN_RUNTIME_DIR/.e.tmp\" \"$HOOKWARDEN_RUNTIME_DIR/engine-late.json\""
    );
    fs::create_dir(tmp.root.join(".hookwarden")).unwrap();
    let cfg = tmp.root.join(".hookwarden/relay.json");
    fs::write(
        &cfg,
        json!({"serveCommand":["/bin/sh","-c",script]}).to_string(),
    )
    .unwrap();
    fs::set_permissions(&cfg, fs::Permissions::from_mode(0o600)).unwrap();
    let out = relay(&tmp, &["--harness", "claude"], claude_pre("/h/x"));
    assert_eq!(out.stdout, "HEADLESS\n", "stderr: {}", out.stderr);
    let req: Value =
        serde_json::from_str(&rx.recv_timeout(Duration::from_secs(5)).unwrap()).unwrap();
    assert_eq!(req["token"], "late");
    assert!(out.elapsed < Duration::from_secs(2));
}

/// A listening socket whose accept queue holds one connection at most and is never accepted from.
#[allow(unsafe_code)]
fn listener_with_no_backlog(path: &Path) -> std::os::fd::OwnedFd {
    use std::os::fd::FromRawFd;
    use std::os::unix::ffi::OsStrExt;
    // SAFETY: plain socket calls; the descriptor is owned at once, and `addr` is a zeroed
    // sockaddr_un with the (short) path copied in.
    unsafe {
        let fd = libc::socket(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        assert!(fd >= 0);
        let owned = std::os::fd::OwnedFd::from_raw_fd(fd);
        let mut addr: libc::sockaddr_un = std::mem::zeroed();
        addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
        let bytes = path.as_os_str().as_bytes();
        assert!(bytes.len() < addr.sun_path.len());
        for (dst, &src) in addr.sun_path.iter_mut().zip(bytes) {
            *dst = src as libc::c_char;
        }
        let len = std::mem::size_of::<libc::sockaddr_un>() as libc::socklen_t;
        assert_eq!(libc::bind(fd, std::ptr::addr_of!(addr).cast(), len), 0);
        assert_eq!(libc::listen(fd, 0), 0);
        owned
    }
}

// An engine whose accept queue is full (it stopped accepting): the connect cannot block past the
// deadline, and the fail mode answers.
#[test]
fn engine_with_a_full_backlog_gets_the_fail_mode_at_the_deadline() {
    let tmp = Tmp::new();
    let sock = tmp.root.join("full.sock");
    let _listener = listener_with_no_backlog(&sock);
    // Fills the queue: a second connection would have to wait for an accept that never comes.
    let _queued = std::os::unix::net::UnixStream::connect(&sock).unwrap();
    let reason = deny_at_the_deadline(&tmp, &sock);
    assert!(
        reason.contains("did not accept the connection before the deadline"),
        "{reason}"
    );
}
