//! Command-line parsing. Unknown or malformed arguments never stop the relay: they are reported on
//! stderr and the relay still answers.

use std::ffi::OsString;
use std::path::PathBuf;

pub const DEFAULT_DEADLINE_MS: u64 = 8000;
const MAX_DEADLINE_MS: u64 = 600_000;

pub const USAGE: &str = "\
usage: hookwarden-relay --harness claude|codex|copilot|vscode [--event NAME] [--deadline-ms N] [--runtime-dir DIR]

Reads one hook event (JSON) on stdin, asks the Hookwarden engine that serves the event's cwd, prints
the answer in the harness's dialect and exits 0. With no engine (or no answer before the deadline)
it prints the fail-mode answer itself: deny for PreToolUse, UserPromptSubmit and PermissionRequest,
allow for the rest, unless the engine's registration says otherwise.

  --harness NAME     dialect of the calling harness (detected from the payload if absent)
  --event NAME       hook event, for harnesses whose payload does not name it
  --deadline-ms N    answer within N ms of start (default 8000)
  --runtime-dir DIR  engine registry (default $XDG_RUNTIME_DIR/hookwarden or /tmp/hookwarden-<uid>;
                     the environment variable HOOKWARDEN_RUNTIME_DIR overrides both)
  --version, --help
";

#[derive(Debug)]
pub struct Args {
    pub harness: Option<String>,
    pub event: Option<String>,
    pub deadline_ms: u64,
    pub runtime_dir: Option<PathBuf>,
    pub help: bool,
    pub version: bool,
    pub warnings: Vec<String>,
}

pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Args {
    let mut a = Args {
        harness: None,
        event: None,
        deadline_ms: DEFAULT_DEADLINE_MS,
        runtime_dir: None,
        help: false,
        version: false,
        warnings: Vec::new(),
    };
    let mut it = args.into_iter();
    while let Some(raw) = it.next() {
        let raw = raw.to_string_lossy().into_owned();
        let (flag, inline) = match raw.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (raw.clone(), None),
        };
        match flag.as_str() {
            "--help" | "-h" => a.help = true,
            "--version" | "-V" => a.version = true,
            "--harness" | "--event" | "--deadline-ms" | "--runtime-dir" => {
                let value = inline.or_else(|| it.next().map(|v| v.to_string_lossy().into_owned()));
                let Some(value) = value else {
                    a.warnings.push(format!("{flag} needs a value"));
                    continue;
                };
                match flag.as_str() {
                    "--harness" => a.harness = Some(value),
                    "--event" => a.event = (!value.is_empty()).then_some(value),
                    "--deadline-ms" => match value.parse::<u64>() {
                        Ok(n) if n > 0 => a.deadline_ms = n.min(MAX_DEADLINE_MS),
                        _ => a.warnings.push(format!(
                            "invalid --deadline-ms {value:?}; using {DEFAULT_DEADLINE_MS}"
                        )),
                    },
                    _ => {
                        if !value.is_empty() {
                            a.runtime_dir = Some(PathBuf::from(value));
                        }
                    }
                }
            }
            _ => a
                .warnings
                .push(format!("ignoring unknown argument {raw:?}")),
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[&str]) -> Args {
        parse(v.iter().map(OsString::from))
    }

    #[test]
    fn both_flag_forms() {
        let a = p(&[
            "--harness=copilot",
            "--event",
            "preToolUse",
            "--deadline-ms=300",
        ]);
        assert_eq!(a.harness.as_deref(), Some("copilot"));
        assert_eq!(a.event.as_deref(), Some("preToolUse"));
        assert_eq!(a.deadline_ms, 300);
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn bad_values_warn_but_keep_defaults() {
        let a = p(&["--deadline-ms", "soon", "--bogus", "--event"]);
        assert_eq!(a.deadline_ms, DEFAULT_DEADLINE_MS);
        assert_eq!(a.warnings.len(), 3);
    }

    const PROP_CASES: u32 = 512;

    #[test]
    #[allow(clippy::print_stdout)] // the case count is this test's report
    fn prop_case_count() {
        // Shown by the test command (cargo test --show-output).
        println!("proptest: relay argument parsing (in-process) {PROP_CASES} cases");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: PROP_CASES, failure_persistence: None, ..Default::default() })]

        /// Any arguments, invalid UTF-8 included: parsed without a panic, the deadline in bounds.
        #[test]
        fn any_arguments_parse(raw in proptest::collection::vec(proptest::collection::vec(proptest::prelude::any::<u8>(), 0..16), 0..8), flag in 0usize..4) {
            use std::os::unix::ffi::OsStringExt;
            let flags = ["--harness", "--event", "--deadline-ms", "--runtime-dir"];
            let mut args: Vec<OsString> = raw.into_iter().map(OsString::from_vec).collect();
            args.insert(0, flags[flag].into());
            let a = parse(args);
            proptest::prop_assert!(a.deadline_ms > 0 && a.deadline_ms <= MAX_DEADLINE_MS);
        }
    }
}
