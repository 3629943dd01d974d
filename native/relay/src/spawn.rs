//! Starting a headless engine (`hookwarden serve`) when none is registered.
//!
//! `~/.hookwarden/relay.json`: `{"serveCommand":["/abs/node","/abs/cli.js","serve"]}`. The file
//! names a program we run, so it must be ours and not group/other writable. A lock file in the
//! runtime dir keeps a burst of parallel hook calls from starting several engines.

use std::fs;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

const LOCK_FRESH: Duration = Duration::from_secs(10);

fn config_path() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(".hookwarden").join("relay.json"))
}

fn serve_command(uid: u32) -> Option<Vec<String>> {
    let path = config_path()?;
    let meta = fs::symlink_metadata(&path).ok()?;
    if !meta.file_type().is_file() || meta.uid() != uid || meta.mode() & 0o022 != 0 {
        return None;
    }
    if meta.len() > 64 * 1024 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).ok()?).ok()?;
    let cmd: Vec<String> = v
        .get("serveCommand")?
        .as_array()?
        .iter()
        .map(|s| s.as_str().map(String::from))
        .collect::<Option<_>>()?;
    cmd.first().filter(|p| Path::new(p).is_absolute())?;
    Some(cmd)
}

/// Takes the spawn lock unless another relay took it recently.
fn take_lock(runtime: &Path) -> bool {
    let lock = runtime.join("spawn.lock");
    let open = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&lock)
    };
    if open().is_ok() {
        return true;
    }
    let fresh = fs::symlink_metadata(&lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age < LOCK_FRESH);
    !fresh && fs::remove_file(&lock).is_ok() && open().is_ok()
}

/// Ok(true): an engine is being started (by us or by a concurrent relay); worth polling for it.
pub fn start_engine(runtime: &Path, uid: u32, cwd: &str) -> Result<bool, String> {
    let Some(cmd) = serve_command(uid) else {
        return Ok(false);
    };
    if !take_lock(runtime) {
        return Ok(true);
    }
    let mut c = Command::new(&cmd[0]);
    c.args(&cmd[1..])
        .env("HOOKWARDEN_RUNTIME_DIR", runtime)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    if Path::new(cwd).is_dir() {
        c.current_dir(cwd);
    }
    c.spawn()
        .map(|_| true)
        .map_err(|e| format!("starting the headless engine failed: {e}"))
}
