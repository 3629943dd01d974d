//! The relay: the tiny native binary a harness spawns for each hook event.
//!
//! stdin (the harness's JSON) → the engine that serves the event's cwd, over a Unix socket →
//! the engine's answer on stdout, exit 0. With no engine, or no answer before the deadline, the
//! relay answers by itself with the fail mode and spools the event. It always exits 0 with an
//! explicit answer: every harness treats a crash, a timeout or an unexpected exit as "allow".

// Printing the answer on stdout is the relay's whole job.
#![allow(clippy::print_stdout)]

mod cli;
mod dialect;
mod exchange;
mod registry;
mod spawn;
mod spool;
mod wait;

use dialect::{Harness, Verdict};
use exchange::{Outcome, Request};
use serde_json::{json, Map, Value};
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const MAX_PAYLOAD: usize = 8 * 1024 * 1024;
/// How long to wait for a headless engine we started: a cold Node start on a busy machine.
const POLL_MAX: Duration = Duration::from_millis(6000);
const POLL_STEP: Duration = Duration::from_millis(20);

/// What the fail-mode answer needs; filled in as the relay learns it, so that a failure at any
/// step (or a panic, caught in `main`) can still answer in the harness's dialect.
struct Ctx {
    harness: Harness,
    event: String,
    cwd: String,
    payload: Option<Arc<String>>,
    fail_mode: Option<Map<String, Value>>,
    /// A trusted runtime dir (and our uid): where a spool record may go.
    runtime: Option<(PathBuf, u32)>,
}

static CTX: Mutex<Option<Ctx>> = Mutex::new(None);
/// Held while answering; true once an answer is out. Guarantees exactly one answer.
static ANSWERED: Mutex<bool> = Mutex::new(false);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn update(f: impl FnOnce(&mut Ctx)) {
    if let Some(ctx) = lock(&CTX).as_mut() {
        f(ctx);
    }
}

fn print_line(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

/// Prints the engine's answer (unless an answer is already out).
fn finish_answer(stdout: &str) {
    let mut done = lock(&ANSWERED);
    if !*done {
        print_line(stdout);
        *done = true;
    }
}

/// What the user can do when no engine runs and none can be started, in one line.
const NOTHING_TO_START: &str = "; to fix: open this folder in VS Code with Hookwarden (its engine answers), or run \"Hookwarden: Register the Relay with Agent Harnesses\" there once so the relay can start an engine while VS Code is closed";

/// No engine answered: the fail mode for the event, rendered by the relay.
/// Returns false when an answer was already out.
fn finish_fail(why: &str) -> bool {
    let (verdict, event) = {
        let ctx = lock(&CTX);
        let Some(ctx) = ctx.as_ref() else {
            return false;
        };
        let configured = ctx.fail_mode.as_ref().and_then(|m| {
            m.get(&ctx.event)
                .and_then(Value::as_str)
                .and_then(Verdict::parse)
        });
        (
            configured.unwrap_or_else(|| dialect::default_fail_mode(&ctx.event)),
            ctx.event.clone(),
        )
    };
    let reason = format!(
        "Hookwarden: no engine answered ({why}); fail mode for {event} is {}",
        verdict.as_str()
    );
    finish_verdict(verdict, &reason)
}

fn finish_verdict(verdict: Verdict, reason: &str) -> bool {
    let mut done = lock(&ANSWERED);
    if *done {
        return false;
    }
    let ctx = lock(&CTX);
    let Some(ctx) = ctx.as_ref() else {
        return false;
    };
    print_line(&dialect::render(ctx.harness, &ctx.event, verdict, reason));
    *done = true;
    eprintln!("hookwarden-relay: {reason}");
    // After the answer is out; a failure here never changes it.
    if let Some((dir, uid)) = &ctx.runtime {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let record = json!({
            "v": 1,
            "time": u64::try_from(now).unwrap_or(u64::MAX),
            "harness": ctx.harness.as_str(),
            "event": ctx.event,
            "cwd": ctx.cwd,
            "payload": ctx.payload.as_deref(),
            "decision": verdict.as_str(),
            "reason": reason,
        });
        if let Err(e) = spool::write(dir, *uid, now, &record) {
            eprintln!("hookwarden-relay: {e}");
        }
    }
    true
}

fn main() {
    let start = Instant::now();
    let args = cli::parse(std::env::args_os().skip(1));
    if args.help {
        print!("{}", cli::USAGE);
        return;
    }
    if args.version {
        println!("hookwarden-relay {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    for w in &args.warnings {
        eprintln!("hookwarden-relay: {w}");
    }
    let flag_harness = args.harness.as_deref().and_then(Harness::parse);
    if let (Some(h), None) = (&args.harness, flag_harness) {
        eprintln!("hookwarden-relay: unknown harness {h:?}; detecting it from the payload");
    }
    *lock(&CTX) = Some(Ctx {
        harness: flag_harness.unwrap_or(Harness::Claude),
        event: args
            .event
            .as_deref()
            .map(dialect::canonical_event)
            .unwrap_or_else(|| "PreToolUse".into()),
        cwd: String::new(),
        payload: None,
        fail_mode: None,
        runtime: None,
    });

    // Every step that could block is bounded by this deadline (`wait`, socket timeouts).
    let deadline = start + Duration::from_millis(args.deadline_ms);

    let outcome = std::panic::catch_unwind(|| run(&args, flag_harness, deadline));
    if outcome.is_err() {
        finish_fail("internal error in the relay");
    }
}

fn run(args: &cli::Args, flag_harness: Option<Harness>, deadline: Instant) {
    // 1. The payload, bounded in size and in time.
    let raw = match read_stdin(deadline) {
        Some(raw) => raw,
        None => {
            update(|c| c.cwd = current_dir());
            prepare_runtime(args);
            finish_fail(&format!(
                "deadline of {} ms reached while reading stdin",
                args.deadline_ms
            ));
            return;
        }
    };
    if raw.len() > MAX_PAYLOAD {
        let prefix = String::from_utf8_lossy(&raw[..raw.len().min(64 * 1024)]);
        let event = dialect::scan_event(&prefix)
            .or_else(|| args.event.clone())
            .map(|e| dialect::canonical_event(&e))
            .unwrap_or_else(|| "PreToolUse".into());
        let cwd = current_dir();
        update(|c| {
            c.event = event;
            c.cwd = cwd;
        });
        prepare_runtime(args);
        finish_verdict(Verdict::Deny, "Hookwarden: payload larger than 8 MiB");
        return;
    }
    let payload = Arc::new(match String::from_utf8(raw) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    });
    let peek = dialect::peek(&payload);
    let harness = flag_harness.unwrap_or_else(|| dialect::detect_harness(&peek));
    let event = peek
        .event
        .clone()
        .or_else(|| args.event.clone())
        .or_else(|| dialect::infer_event(&peek).map(String::from))
        .map(|e| dialect::canonical_event(&e))
        .unwrap_or_else(|| "PreToolUse".into());
    let cwd = peek.cwd.clone().unwrap_or_else(current_dir);
    update(|c| {
        c.harness = harness;
        c.event = event;
        c.cwd = cwd.clone();
        c.payload = Some(payload.clone());
    });

    // 2. The runtime dir.
    let Some((runtime, uid)) = prepare_runtime(args) else {
        return;
    };

    // 3./4. The best engine for the cwd, then the next best if it cannot be reached.
    let req = Request {
        harness: harness.as_str(),
        event_flag: args.event.as_deref(),
        cwd: &cwd,
        payload: &payload,
    };
    let scan = registry::scan(&runtime, uid, &cwd);
    if !scan.matching.is_empty() {
        ask_engines(&scan.matching, uid, &req, deadline);
        return;
    }

    // 8. None registered: maybe start a headless engine and retry once.
    let mut why = format!("no engine registered for {cwd}");
    if scan.live > 0 {
        why.push_str(&format!(
            " ({} running engine(s) serve other roots)",
            scan.live
        ));
    }
    let notes = scan.notes();
    if !notes.is_empty() {
        why.push_str("; ");
        why.push_str(&notes);
    }
    match spawn::start_engine(&runtime, uid, &cwd) {
        Ok(true) => {
            let left = deadline.saturating_duration_since(Instant::now());
            let until = Instant::now() + POLL_MAX.min(left / 2);
            while Instant::now() < until {
                std::thread::sleep(POLL_STEP);
                let scan = registry::scan(&runtime, uid, &cwd);
                if !scan.matching.is_empty() {
                    ask_engines(&scan.matching, uid, &req, deadline);
                    return;
                }
            }
            why.push_str("; a headless engine was started but did not register in time");
        }
        Ok(false) => why.push_str(NOTHING_TO_START),
        Err(e) => {
            why.push_str("; ");
            why.push_str(&e);
            why.push_str(NOTHING_TO_START);
        }
    }
    finish_fail(&why);
}

/// All of stdin, up to one byte more than `MAX_PAYLOAD`; `None` if it is still open at `deadline`.
/// A read error ends the payload there (and is reported on stderr).
fn read_stdin(deadline: Instant) -> Option<Vec<u8>> {
    // Read straight into the payload, which grows as needed: a 1 KB event touches one page (a
    // fresh page costs a fault, and faults are most of a short-lived process's time).
    let mut raw = Vec::new();
    // A File on a copy of fd 0: std's locked stdin would copy through a buffer of its own.
    let mut stdin = match std::io::stdin().as_fd().try_clone_to_owned() {
        Ok(fd) => std::fs::File::from(fd),
        Err(e) => {
            eprintln!("hookwarden-relay: reading stdin failed: {e}");
            return Some(raw);
        }
    };
    while raw.len() <= MAX_PAYLOAD {
        match wait::readable(0, deadline) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                eprintln!("hookwarden-relay: waiting for stdin failed: {e}");
                break;
            }
        }
        let len = raw.len();
        let want = len.max(4096).min(MAX_PAYLOAD + 1 - len);
        raw.resize(len + want, 0);
        let read = stdin.read(&mut raw[len..]);
        raw.truncate(len + *read.as_ref().unwrap_or(&0));
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                eprintln!("hookwarden-relay: reading stdin failed: {e}");
                break;
            }
        }
    }
    Some(raw)
}

fn current_dir() -> String {
    std::env::current_dir()
        .ok()
        .and_then(|d| d.to_str().map(String::from))
        .unwrap_or_else(|| "/".into())
}

/// Resolves and checks the runtime dir; on failure answers with the fail mode and returns None.
fn prepare_runtime(args: &cli::Args) -> Option<(PathBuf, u32)> {
    let uid = registry::current_uid();
    let runtime = registry::resolve_runtime_dir(args.runtime_dir.as_deref(), uid);
    let Some(uid) = uid else {
        finish_fail("cannot determine our uid");
        return None;
    };
    if let Err(e) = registry::ensure_private_dir(&runtime, uid) {
        finish_fail(&format!("runtime dir not trusted: {e}"));
        return None;
    }
    update(|c| c.runtime = Some((runtime.clone(), uid)));
    Some((runtime, uid))
}

fn ask_engines(engines: &[registry::Engine], uid: u32, req: &Request, deadline: Instant) {
    // The best match's registration decides the fail mode, even if it cannot be reached.
    let fail_mode = engines[0].fail_mode.clone();
    update(|c| c.fail_mode = fail_mode);
    let mut unreachable = Vec::new();
    for engine in engines {
        match exchange::exchange(engine, uid, req, deadline) {
            Outcome::Answer(stdout) => {
                finish_answer(&stdout);
                return;
            }
            Outcome::Failed(why) => {
                finish_fail(&why);
                return;
            }
            Outcome::Unreachable(why) => unreachable.push(why),
        }
    }
    finish_fail(&unreachable.join("; "));
}
