//! A harness-style spawner for the benchmark: runs `sh -c <command>` N times the way a Rust
//! harness (Codex) does — std::process::Command, the event on stdin, stdout read to the end —
//! and prints one JSON line with every call's wall time in nanoseconds.
//!
//! Usage: harness_spawn <warmup> <iterations> <payload-file> <command>
//!
//! Each call gets its own event: the first `#######` in the payload becomes the call's number
//! (seven digits), so an engine decides every call instead of recognising a repeat.

#![allow(clippy::print_stdout)]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

const PLACEHOLDER: &[u8] = b"#######";

fn call(command: &str, payload: &[u8]) -> Result<(), String> {
    let mut child = Command::new("/bin/sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its stdin (the `true` floor) closes the pipe: not an error.
        let _ = stdin.write_all(payload);
    }
    let mut out = Vec::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout
            .read_to_end(&mut out)
            .map_err(|e| format!("read: {e}"))?;
    }
    let status = child.wait().map_err(|e| format!("wait: {e}"))?;
    if !status.success() {
        return Err(format!("exit {status}"));
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: harness_spawn <warmup> <iterations> <payload-file> <command>");
        std::process::exit(2);
    }
    let warmup: usize = args[1].parse().unwrap_or(0);
    let iterations: usize = args[2].parse().unwrap_or(0);
    let payload = std::fs::read(&args[3]).unwrap_or_default();
    let command = &args[4];
    let slot = payload
        .windows(PLACEHOLDER.len())
        .position(|w| w == PLACEHOLDER);
    let mut number = 0usize;
    let mut next_payload = || {
        let mut p = payload.clone();
        if let Some(at) = slot {
            let digits = format!("{:07}", number % 10_000_000);
            p[at..at + PLACEHOLDER.len()].copy_from_slice(digits.as_bytes());
        }
        number += 1;
        p
    };
    for _ in 0..warmup {
        if let Err(e) = call(command, &next_payload()) {
            eprintln!("warm-up call failed: {e}");
            std::process::exit(1);
        }
    }
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let payload = next_payload();
        let t0 = Instant::now();
        if let Err(e) = call(command, &payload) {
            eprintln!("call failed: {e}");
            std::process::exit(1);
        }
        samples.push(t0.elapsed().as_nanos().to_string());
    }
    println!("{{\"ns\":[{}]}}", samples.join(","));
}
