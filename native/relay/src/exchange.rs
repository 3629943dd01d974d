//! One request/response exchange with an engine over its Unix socket.
//!
//! Request (one line): `{"v":1,"token":…,"harness":…,"event":<--event or null>,"cwd":…,"payload":"<raw stdin>"}\n`
//! Answer (one line):  `{"v":1,"stdout":"<text to print>","decision":"allow|ask|deny"}\n` or
//! `{"v":1,"error":"…"}`. The relay does not half-close its side after writing: a Node server
//! without `allowHalfOpen` would end the connection before answering.

use crate::registry::Engine;
use serde_json::{json, Value};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::time::{Duration, Instant};

const MAX_ANSWER: usize = 64 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

pub struct Request<'a> {
    pub harness: &'a str,
    pub event_flag: Option<&'a str>,
    pub cwd: &'a str,
    pub payload: &'a str,
}

pub enum Outcome {
    /// The engine's `stdout`, to print verbatim.
    Answer(String),
    /// Could not reach this engine: the next best may be tried.
    Unreachable(String),
    /// Reached, but no usable answer: fail mode.
    Failed(String),
}

fn remaining(deadline: Instant) -> Option<Duration> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
}

pub fn exchange(engine: &Engine, uid: u32, req: &Request, deadline: Instant) -> Outcome {
    let sock = engine.socket.display();
    match std::fs::metadata(&engine.socket) {
        Ok(m) if m.uid() == uid => {}
        Ok(_) => return Outcome::Unreachable(format!("socket {sock} is not owned by us")),
        Err(e) => return Outcome::Unreachable(format!("socket {sock}: {e}")),
    }
    let mut stream = match crate::wait::connect(&engine.socket, deadline) {
        Ok(s) => s,
        Err(e) if e.kind() == ErrorKind::TimedOut => {
            return Outcome::Failed(format!(
                "engine pid {} did not accept the connection before the deadline ({e})",
                engine.pid
            ))
        }
        Err(e) => return Outcome::Unreachable(format!("connect to {sock} failed: {e}")),
    };
    let line = json!({
        "v": 1,
        "token": engine.token,
        "harness": req.harness,
        "event": req.event_flag,
        "cwd": req.cwd,
        "payload": req.payload,
    })
    .to_string()
        + "\n";
    let timed_out = || {
        Outcome::Failed(format!(
            "engine pid {} did not answer before the deadline",
            engine.pid
        ))
    };

    // Timeouts apply per system call: reset them to the time left before each one.
    for chunk in line.as_bytes().chunks(CHUNK) {
        let Some(left) = remaining(deadline) else {
            return timed_out();
        };
        if stream.set_write_timeout(Some(left)).is_err() {
            return timed_out();
        }
        if let Err(e) = stream.write_all(chunk) {
            return match e.kind() {
                ErrorKind::WouldBlock | ErrorKind::TimedOut => timed_out(),
                _ => Outcome::Failed(format!("sending to engine pid {} failed: {e}", engine.pid)),
            };
        }
    }

    let mut answer = Vec::new();
    let mut buf = vec![0u8; 4096];
    loop {
        let Some(left) = remaining(deadline) else {
            return timed_out();
        };
        if stream.set_read_timeout(Some(left)).is_err() {
            return timed_out();
        }
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                if let Some(nl) = buf[..n].iter().position(|&b| b == b'\n') {
                    answer.extend_from_slice(&buf[..nl]);
                    break;
                }
                answer.extend_from_slice(&buf[..n]);
                if answer.len() > MAX_ANSWER {
                    return Outcome::Failed("engine answer too large".into());
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return timed_out()
            }
            Err(e) => return Outcome::Failed(format!("reading from engine failed: {e}")),
        }
    }
    parse_answer(&answer)
}

fn parse_answer(line: &[u8]) -> Outcome {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Outcome::Failed("engine closed the connection without answering".into());
    }
    let Ok(v) = serde_json::from_slice::<Value>(line) else {
        return Outcome::Failed("engine answer is not JSON".into());
    };
    if v.get("v").and_then(Value::as_u64) != Some(1) {
        return Outcome::Failed("engine answer has an unknown version".into());
    }
    if let Some(err) = v.get("error") {
        let err = err
            .as_str()
            .map(String::from)
            .unwrap_or_else(|| err.to_string());
        return Outcome::Failed(format!("engine error: {err}"));
    }
    match v.get("stdout").and_then(Value::as_str) {
        Some(s) => Outcome::Answer(s.to_string()),
        None => Outcome::Failed("engine answer has no stdout".into()),
    }
}
