//! The runtime directory and the engine registry in it.
//!
//! Trust rules: the directory must be ours (owner = our uid, no group/other bits, not a symlink);
//! a registry file must be a regular file owned by us with no group/other bits. Anything else is
//! treated as if no engine ran, so another local user cannot answer for our engine.

use serde_json::{Map, Value};
use std::fs;
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const MAX_REGISTRY_FILE: u64 = 1024 * 1024;

/// Our effective uid without libc: `/proc/self` is owned by it; elsewhere, a file we create is.
pub fn current_uid() -> Option<u32> {
    if let Ok(m) = fs::metadata("/proc/self") {
        return Some(m.uid());
    }
    let probe = std::env::temp_dir().join(format!(".hookwarden-uid-{}", std::process::id()));
    let uid = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|f| f.metadata())
        .map(|m| m.uid())
        .ok();
    let _ = fs::remove_file(&probe);
    uid
}

/// `$HOOKWARDEN_RUNTIME_DIR`, else `--runtime-dir`, else `$XDG_RUNTIME_DIR/hookwarden`, else
/// `/tmp/hookwarden-<uid>`.
pub fn resolve_runtime_dir(flag: Option<&Path>, uid: Option<u32>) -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = env("HOOKWARDEN_RUNTIME_DIR") {
        return d;
    }
    if let Some(d) = flag {
        return d.to_path_buf();
    }
    if let Some(d) = env("XDG_RUNTIME_DIR").filter(|d| d.is_absolute()) {
        return d.join("hookwarden");
    }
    match uid {
        Some(uid) => PathBuf::from(format!("/tmp/hookwarden-{uid}")),
        None => PathBuf::from("/tmp/hookwarden"),
    }
}

/// Checks that `dir` is a private directory of ours; creates it (0700) when missing.
pub fn ensure_private_dir(dir: &Path, uid: u32) -> Result<(), String> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| {
                    format!("{} is missing and could not be created: {e}", dir.display())
                })?;
            fs::symlink_metadata(dir).map_err(|e| format!("{}: {e}", dir.display()))?
        }
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    if !meta.file_type().is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    if meta.uid() != uid {
        return Err(format!(
            "{} is owned by uid {}, not {uid}",
            dir.display(),
            meta.uid()
        ));
    }
    if meta.mode() & 0o077 != 0 {
        return Err(format!(
            "{} has mode {:o}, must be 0700",
            dir.display(),
            meta.mode() & 0o777
        ));
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Engine {
    pub socket: PathBuf,
    pub token: String,
    pub pid: u32,
    pub fail_mode: Option<Map<String, Value>>,
    roots: Vec<String>,
    modified: Option<SystemTime>,
}

#[derive(Debug, Default)]
pub struct Scan {
    /// Live engines whose roots contain the cwd, best (longest root) first.
    pub matching: Vec<Engine>,
    /// Live, well-formed registrations (matching or not).
    pub live: usize,
    pub stale: usize,
    pub untrusted: usize,
    pub invalid: usize,
}

impl Scan {
    /// Notes for the fail-mode reason.
    pub fn notes(&self) -> String {
        let mut notes = Vec::new();
        if self.untrusted > 0 {
            notes.push(format!(
                "ignored {} registry file(s) with unsafe owner or permissions",
                self.untrusted
            ));
        }
        if self.invalid > 0 {
            notes.push(format!("ignored {} invalid registry file(s)", self.invalid));
        }
        if self.stale > 0 {
            notes.push(format!("ignored {} stale registration(s)", self.stale));
        }
        notes.join("; ")
    }
}

pub fn scan(dir: &Path, uid: u32, cwd: &str) -> Scan {
    let mut scan = Scan::default();
    let Ok(entries) = fs::read_dir(dir) else {
        return scan;
    };
    let mut engines = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with("engine-") && name.ends_with(".json")) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.file_type().is_file() || meta.uid() != uid || meta.mode() & 0o077 != 0 {
            scan.untrusted += 1;
            continue;
        }
        match read_engine(&path, meta.modified().ok()) {
            Some(e) if pid_alive(e.pid) => engines.push(e),
            Some(_) => scan.stale += 1,
            None => scan.invalid += 1,
        }
    }
    scan.live = engines.len();
    scan.matching = rank(&engines, cwd);
    if scan.matching.is_empty() {
        // Roots are usually canonical paths; the harness's cwd may go through a symlink.
        if let Ok(canon) = fs::canonicalize(cwd) {
            if let Some(canon) = canon.to_str().filter(|c| *c != cwd) {
                scan.matching = rank(&engines, canon);
            }
        }
    }
    scan
}

fn read_engine(path: &Path, modified: Option<SystemTime>) -> Option<Engine> {
    let mut text = String::new();
    fs::File::open(path)
        .ok()?
        .take(MAX_REGISTRY_FILE)
        .read_to_string(&mut text)
        .ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    if v.get("v")?.as_u64()? != 1 {
        return None;
    }
    let socket = PathBuf::from(v.get("socket")?.as_str()?);
    if !socket.is_absolute() {
        return None;
    }
    let pid = u32::try_from(v.get("pid")?.as_u64()?).ok()?;
    let roots = v
        .get("roots")?
        .as_array()?
        .iter()
        .filter_map(|r| r.as_str())
        .filter(|r| r.starts_with('/'))
        .map(String::from)
        .collect();
    Some(Engine {
        socket,
        token: v.get("token")?.as_str()?.to_string(),
        pid,
        fail_mode: v.get("failMode").and_then(|f| f.as_object()).cloned(),
        roots,
        modified,
    })
}

/// `/proc/<pid>` exists. Without procfs (not Linux) every pid counts as alive: a dead engine's
/// socket then simply refuses the connection.
fn pid_alive(pid: u32) -> bool {
    if pid == 0 {
        return false;
    }
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn trim_slashes(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        "/"
    } else {
        t
    }
}

/// Length of the longest root of `roots` that contains `cwd`, if any.
pub fn root_match(roots: &[String], cwd: &str) -> Option<usize> {
    let cwd = trim_slashes(cwd);
    roots
        .iter()
        .filter_map(|root| {
            let root = trim_slashes(root);
            let hit = root == "/"
                || cwd == root
                || (cwd.starts_with(root) && cwd.as_bytes().get(root.len()) == Some(&b'/'));
            hit.then_some(if root == "/" { 0 } else { root.len() })
        })
        .max()
}

fn rank(engines: &[Engine], cwd: &str) -> Vec<Engine> {
    let mut ranked: Vec<(usize, &Engine)> = engines
        .iter()
        .filter_map(|e| root_match(&e.roots, cwd).map(|len| (len, e)))
        .collect();
    // Longest root first; among equals the most recently registered.
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.modified.cmp(&a.1.modified)));
    ranked.into_iter().map(|(_, e)| e.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots(r: &[&str]) -> Vec<String> {
        r.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn prefix_is_by_path_component() {
        assert_eq!(root_match(&roots(&["/w/a"]), "/w/a"), Some(4));
        assert_eq!(root_match(&roots(&["/w/a/"]), "/w/a/b"), Some(4));
        assert_eq!(root_match(&roots(&["/w/a"]), "/w/ab"), None);
        assert_eq!(root_match(&roots(&["/"]), "/anything"), Some(0));
        assert_eq!(root_match(&roots(&["/w", "/w/a/b"]), "/w/a/b/c"), Some(6));
    }
}
