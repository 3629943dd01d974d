//! Spool records: events no engine answered, so they still reach the decision log later.
//! `<runtime>/spool/<unix-ms>-<pid>.json`, written to a `.tmp` name first and renamed.

use crate::registry::ensure_private_dir;
use serde_json::Value;
use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

pub fn write(runtime: &Path, uid: u32, time_ms: u128, record: &Value) -> Result<PathBuf, String> {
    let dir = runtime.join("spool");
    ensure_private_dir(&dir, uid)?;
    let name = format!("{time_ms}-{}", std::process::id());
    let tmp = dir.join(format!(".{name}.json.tmp"));
    let dest = dir.join(format!("{name}.json"));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(record.to_string().as_bytes())?;
        f.write_all(b"\n")?;
        drop(f);
        fs::rename(&tmp, &dest)
    })();
    match result {
        Ok(()) => Ok(dest),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(format!("spool write to {} failed: {e}", dir.display()))
        }
    }
}
